/**
 * Resolves the caller once per request, without the database on the warm path: an access token (JWT) is
 * verified in the isolate; a browser's signed cookie cache is read by Better Auth; only a bare session
 * token, or a lapsed cache, costs a lookup. Also guards routes that need a caller.
 */
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { looksLikeJwt, verifyAccessToken } from "../auth/access-tokens";
import type { CallerSession, CallerUser } from "../auth/caller";
import { forwardSetCookies } from "../auth/cookies";
import { isRevoked } from "../auth/revocations";
import type { AppEnv } from "../env";
import { ApiError } from "../errors/api-error";

function bearerToken(header: string | undefined): string | undefined {
  const match = header?.match(/^Bearer\s+(\S+)$/i);
  return match?.[1];
}

export const session = createMiddleware<AppEnv>(async (c, next) => {
  const token = bearerToken(c.req.header("authorization"));
  if (token && looksLikeJwt(token)) {
    const caller = await verifyAccessToken(token, c.var.db, c.var.config.authUrl);
    c.set("user", caller?.user ?? null);
    c.set("session", caller?.session ?? null);
    return next();
  }

  const { headers, response } = await c.var.auth.api.getSession({ headers: c.req.raw.headers, returnHeaders: true });
  // A lapsed cookie cache comes back renewed: the browser must get it.
  forwardSetCookies(c, headers);
  if (!response || isRevoked(response.session.id)) {
    c.set("user", null);
    c.set("session", null);
    return next();
  }
  const { user, session: found } = response;
  const caller: CallerUser = {
    id: user.id,
    email: user.email,
    name: user.name,
    image: user.image ?? null,
    emailVerified: user.emailVerified,
    software_level: user.software_level ?? null,
    hardware_background: user.hardware_background ?? null,
    profile_status: user.profile_status ?? null,
    profile_created_at: user.profile_created_at ? new Date(user.profile_created_at) : null,
    profile_updated_at: user.profile_updated_at ? new Date(user.profile_updated_at) : null,
  };
  const credential: CallerSession["credential"] = token ? "session-token" : "cookie";
  c.set("user", caller);
  c.set("session", { id: found.id, userId: found.userId, expiresAt: new Date(found.expiresAt), credential });
  await next();
});

const unauthenticated = () =>
  new ApiError("UNAUTHENTICATED", "Sign in, then send the session cookie or `Authorization: Bearer <token>`.");

/** Mounted before a router's validators, so a caller without a session hears 401 before anything else. */
export const requireAuth = createMiddleware<AppEnv>(async (c, next) => {
  if (!c.var.user) throw unauthenticated();
  await next();
});

/** The signed-in caller, in handlers behind `requireAuth`. */
export function signedInUser(c: Context<AppEnv>): CallerUser {
  if (!c.var.user) throw unauthenticated();
  return c.var.user;
}
