/** GET /openapi.json (the OpenAPI 3.1 document) and GET /docs (a browsable reference). */
import { Scalar } from "@scalar/hono-api-reference";
import { Hono } from "hono";
import { NONCE, secureHeaders } from "hono/secure-headers";
import { describeRoute } from "hono-openapi";
import type { AppEnv } from "../env";
import { openApiDocument } from "./document";
import { SCALAR_STANDALONE_PATH } from "./scalar-assets";

/**
 * The reference page's own CSP, which the app-wide one (overwrite: false) leaves in place. Its two <script>
 * tags carry a per-request nonce and the bundle comes from this origin; Scalar injects a <style> and sets
 * style attributes, hence 'unsafe-inline' for styles, with no nonce there because a nonce makes browsers
 * ignore 'unsafe-inline'. The spec and "Test Request" go to this origin only.
 */
const docsSecureHeaders = secureHeaders({
  contentSecurityPolicy: {
    defaultSrc: ["'none'"],
    scriptSrc: ["'self'", NONCE],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", "data:"],
    connectSrc: ["'self'"],
    baseUri: ["'none'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
  },
  // Left to the app-wide middleware (DENY): this one runs first, and its default SAMEORIGIN would be kept.
  xFrameOptions: false,
});

/** `api` is the app whose routes the document describes. */
export function createDocsRoutes(api: Hono<AppEnv>) {
  return new Hono<AppEnv>()
    .get("/openapi.json", describeRoute({ hide: true }), async (c) => c.json(await openApiDocument(api, c.var.auth)))
    .get(
      "/docs",
      describeRoute({ hide: true }),
      docsSecureHeaders,
      // Everything the page loads comes from this Worker: the pinned bundle from its assets, no web fonts, and
      // none of the extras tied to Scalar's hosted services (AI agent, MCP, the localhost developer toolbar).
      Scalar((c) => ({
        url: "/openapi.json",
        pageTitle: "persona-edge API",
        cdn: SCALAR_STANDALONE_PATH,
        nonce: c.get("secureHeadersNonce"),
        withDefaultFonts: false,
        agent: { disabled: true },
        mcp: { disabled: true },
        showDeveloperTools: "never",
      })),
    );
}
