/**
 * Hono's security headers on every response (nosniff, frame denial, no referrer, HSTS), with a CSP that
 * lets a response load nothing and be framed nowhere: an API answer needs neither. An HTML page sets its
 * own CSP (the docs page does), which this then leaves as it is.
 */
import { secureHeaders as honoSecureHeaders } from "hono/secure-headers";

export const secureHeaders = honoSecureHeaders({
  xFrameOptions: "DENY",
  contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
  overwrite: false,
});
