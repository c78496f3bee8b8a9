/**
 * After a change to what a caller's credential carries (profile, name, image), the answer re-issues it, so
 * the same caller sees the change at once: a browser gets a renewed cookie cache, a widget a new access
 * token in `set-auth-jwt`. A bare session token carries nothing and needs nothing.
 */
import type { Context } from "hono";
import type { AppEnv } from "../env";
import { accessTokenClaims } from "./access-tokens";
import type { CallerUser } from "./caller";
import { forwardSetCookies } from "./cookies";

export const ACCESS_TOKEN_HEADER = "set-auth-jwt";

export async function reissueCredential(c: Context<AppEnv>, user: CallerUser) {
  const session = c.var.session;
  if (!session) return;
  if (session.credential === "access-token") {
    const { token } = await c.var.auth.api.signJWT({
      body: { payload: { ...accessTokenClaims(user, session.id), sub: user.id } },
    });
    c.header(ACCESS_TOKEN_HEADER, token);
  } else if (session.credential === "cookie" && c.var.config.edgeSessionCache) {
    const { headers } = await c.var.auth.api.getSession({
      headers: c.req.raw.headers,
      query: { disableCookieCache: true },
      returnHeaders: true,
    });
    forwardSetCookies(c, headers);
  }
}
