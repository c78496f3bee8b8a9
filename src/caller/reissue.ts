/**
 * After a change to what a caller's credential carries (profile, name, image), the answer re-issues it, so
 * the same caller sees the change at once: a browser gets a renewed cookie cache, a widget a new access
 * token in `set-auth-jwt`. A bare session token carries nothing and needs nothing.
 */
import type { Context } from "hono";
import { forwardSetCookies } from "../auth/cookies";
import type { CallerEnv } from "../env";
import { accessTokenClaims } from "./access-tokens";
import type { Caller } from "./caller";

export const ACCESS_TOKEN_HEADER = "set-auth-jwt";

/** `changed` is the caller as it now stands. */
export async function reissueCredential(c: Context<CallerEnv>, changed: Caller) {
  const { credential } = changed.session;
  if (credential === "access-token") {
    const { token } = await c.var.auth.api.signJWT({
      body: { payload: { ...accessTokenClaims(changed), sub: changed.user.id } },
    });
    c.header(ACCESS_TOKEN_HEADER, token);
  } else if (credential === "cookie" && c.var.config.edgeSessionCache) {
    const { headers } = await c.var.auth.api.getSession({
      headers: c.req.raw.headers,
      query: { disableCookieCache: true },
      returnHeaders: true,
    });
    forwardSetCookies(c, headers);
  }
}
