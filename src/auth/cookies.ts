/** Better Auth sets cookies on its own response headers; ours must carry them. */
import type { Context } from "hono";
import type { AppEnv } from "../env";

export function forwardSetCookies(c: Context<AppEnv>, from: Headers) {
  for (const cookie of from.getSetCookie()) c.header("set-cookie", cookie, { append: true });
}
