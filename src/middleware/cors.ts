/**
 * CORS for frontends and chatbot widgets on other origins: only the configured origins (TRUSTED_ORIGINS
 * and the API's own) get a grant, always their exact origin with credentials, never `*`; any other origin,
 * `null` included, gets no CORS header at all, so the browser keeps the answer from it.
 */
import { createMiddleware } from "hono/factory";
import { ACCESS_TOKEN_HEADER } from "../caller/reissue";
import { loadConfig } from "../config";
import type { AppEnv } from "../env";

const ALLOWED_METHODS = "GET, HEAD, POST, PUT, PATCH, DELETE";
const ALLOWED_HEADERS = "authorization, content-type, if-none-match, x-request-id";
/** What a script may read: the bearer plugin's new session token, a re-issued access token, and ours. */
const EXPOSED_HEADERS = `set-auth-token, ${ACCESS_TOKEN_HEADER}, x-request-id, retry-after, etag`;
/** How long a browser may reuse a preflight's answer. */
const PREFLIGHT_MAX_AGE_SECONDS = "600";

export const cors = createMiddleware<AppEnv>(async (c, next) => {
  const origin = c.req.header("origin");
  const granted = origin !== undefined && loadConfig(c.env).trustedOrigins.includes(origin);
  const preflight = c.req.method === "OPTIONS" && c.req.header("access-control-request-method") !== undefined;

  if (preflight) {
    const headers = new Headers({ vary: "Origin" });
    if (granted) {
      headers.set("access-control-allow-origin", origin);
      headers.set("access-control-allow-credentials", "true");
      headers.set("access-control-allow-methods", ALLOWED_METHODS);
      headers.set("access-control-allow-headers", ALLOWED_HEADERS);
      headers.set("access-control-max-age", PREFLIGHT_MAX_AGE_SECONDS);
    }
    return new Response(null, { status: 204, headers });
  }

  await next();
  c.res.headers.append("vary", "Origin");
  if (granted) {
    c.res.headers.set("access-control-allow-origin", origin);
    c.res.headers.set("access-control-allow-credentials", "true");
    c.res.headers.set("access-control-expose-headers", EXPOSED_HEADERS);
  }
});
