/** Better Auth sets cookies on its own response headers; ours must carry them (or expire them). */
import type { BetterAuthOptions } from "better-auth";
import { getCookies } from "better-auth/cookies";
import type { Context } from "hono";
import { deleteCookie } from "hono/cookie";

export function forwardSetCookies(c: Context, from: Headers) {
  for (const cookie of from.getSetCookie()) c.header("set-cookie", cookie, { append: true });
}

/** Expires the session cookie and its cache in the browser: for answers that end the caller's session. */
export function clearSessionCookies(c: Context, options: BetterAuthOptions) {
  const { sessionToken, sessionData } = getCookies(options);
  for (const { name, attributes } of [sessionToken, sessionData]) {
    deleteCookie(c, name, {
      path: attributes.path,
      secure: attributes.secure,
      sameSite: attributes.sameSite,
      httpOnly: attributes.httpOnly,
    });
  }
}
