/**
 * Refuses state-changing requests a browser sent on behalf of another site (CSRF), for our routes and
 * Better Auth's alike, before anything reads the body: any `Origin` must be a trusted one (`null`
 * included), and without `Origin` the browser's `Sec-Fetch-Site` must not say cross-site. Clients that
 * are not browsers send neither and pass; widgets on other origins are trusted origins and pass.
 */
import { createMiddleware } from "hono/factory";
import { loadConfig } from "../config";
import type { AppEnv } from "../env";
import { ApiError } from "../errors/api-error";

export const crossSiteGuard = createMiddleware<AppEnv>(async (c, next) => {
  const origin = c.req.header("origin");
  const crossSite =
    origin !== undefined
      ? !loadConfig(c.env).trustedOrigins.includes(origin)
      : c.req.header("sec-fetch-site") === "cross-site";
  if (crossSite) {
    throw new ApiError("CROSS_SITE_REQUEST", "Requests that change state are accepted only from trusted origins.");
  }
  await next();
});
