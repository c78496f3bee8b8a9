/**
 * Resolves the caller once per request, without the database on the warm path: an access token (JWT) is
 * verified in the isolate; a browser's signed cookie cache is read by Better Auth; only a bare session
 * token, or a lapsed cache, costs a lookup. Also guards routes that need a caller.
 */

import { getCookieCache, getSessionCookie, parseCookies, SECURE_COOKIE_PREFIX } from "better-auth/cookies";
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { looksLikeJwt, verifyAccessToken } from "../auth/access-tokens";
import type { CallerSession, CallerUser, UserRecord } from "../auth/caller";
import { forwardSetCookies } from "../auth/cookies";
import { isRevoked } from "../auth/revocations";
import { recall, remember } from "../auth/verified-credentials";
import type { AppEnv } from "../env";
import { ApiError } from "../errors/api-error";

function bearerToken(header: string | undefined): string | undefined {
  const match = header?.match(/^Bearer\s+(\S+)$/i);
  return match?.[1];
}

interface BetterAuthSession {
  id: string;
  userId: string;
  expiresAt: Date | string;
}

const dateOrNull = (value: Date | string | null | undefined) => (value ? new Date(value) : null);

function caller(user: UserRecord, session: BetterAuthSession, credential: CallerSession["credential"]) {
  const callerUser: CallerUser = {
    id: user.id,
    email: user.email,
    name: user.name,
    image: user.image ?? null,
    emailVerified: user.emailVerified,
    software_level: (user.software_level ?? null) as CallerUser["software_level"],
    hardware_background: (user.hardware_background ?? null) as CallerUser["hardware_background"],
    profile_status: (user.profile_status ?? null) as CallerUser["profile_status"],
    profile_created_at: dateOrNull(user.profile_created_at),
    profile_updated_at: dateOrNull(user.profile_updated_at),
  };
  const callerSession: CallerSession = {
    id: session.id,
    userId: session.userId,
    expiresAt: new Date(session.expiresAt),
    credential,
  };
  return { user: callerUser, session: callerSession };
}

/** The compact cookie cache's own expiry (epoch ms), read from a value `getCookieCache` has verified. */
function cacheExpiry(value: string): number {
  try {
    const json = atob(value.replaceAll("-", "+").replaceAll("_", "/"));
    const { expiresAt } = JSON.parse(json) as { expiresAt?: unknown };
    return typeof expiresAt === "number" ? expiresAt : 0;
  } catch {
    return 0;
  }
}

/**
 * A browser's signed cookie cache, read with Better Auth's own `getCookieCache` but without its endpoint
 * machinery (the warm path's main cost), and verified once per isolate. It must belong to the session
 * cookie sent with it.
 */
async function fromCookieCache(c: Context<AppEnv>) {
  const { authSecret, authUrl } = c.var.config;
  const isSecure = authUrl.startsWith("https:");
  const sessionCookie = getSessionCookie(c.req.raw);
  const cacheValue = parseCookies(c.req.header("cookie") ?? "").get(
    `${isSecure ? SECURE_COOKIE_PREFIX : ""}better-auth.session_data`,
  );
  if (!sessionCookie || !cacheValue) return null;

  const credential = `${sessionCookie}|${cacheValue}`;
  const known = recall(credential);
  if (known !== undefined) return known;
  // A mangled cache is no cache: Better Auth's decoder throws on one (invalid base64), which is no server fault.
  const cached = await getCookieCache(c.req.raw, { secret: authSecret, strategy: "compact", isSecure }).catch(
    () => null,
  );
  if (!cached || sessionCookie.split(".")[0] !== cached.session.token) return null;
  // The cache holds, signed, the user row Better Auth read from our schema: its extra fields are ours.
  const found = caller(cached.user as UserRecord, cached.session, "cookie");
  remember(credential, found, cacheExpiry(cacheValue));
  return found;
}

export const session = createMiddleware<AppEnv>(async (c, next) => {
  const token = bearerToken(c.req.header("authorization"));
  let found: ReturnType<typeof caller> | null = null;
  if (token && looksLikeJwt(token)) {
    found = await verifyAccessToken(token, c.var.db, c.var.config.authUrl);
  } else {
    found = !token && c.var.config.edgeSessionCache ? await fromCookieCache(c) : null;
    if (!found) {
      const { headers, response } = await c.var.auth.api.getSession({
        headers: c.req.raw.headers,
        returnHeaders: true,
      });
      // A lapsed cookie cache comes back renewed: the browser must get it.
      forwardSetCookies(c, headers);
      if (response) found = caller(response.user, response.session, token ? "session-token" : "cookie");
    }
  }
  if (found && isRevoked(found.session.id)) found = null;
  c.set("user", found?.user ?? null);
  c.set("session", found?.session ?? null);
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
