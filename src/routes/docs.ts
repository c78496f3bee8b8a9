/** GET /openapi.json (the OpenAPI 3.1 document) and GET /docs (a browsable reference). */
import { Scalar } from "@scalar/hono-api-reference";
import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import type { AppEnv } from "../env";
import { openApiDocument } from "../openapi/document";

/** `api` is the app whose routes the document describes. */
export function createDocsRoutes(api: Hono<AppEnv>) {
  return new Hono<AppEnv>()
    .get("/openapi.json", describeRoute({ hide: true }), async (c) => c.json(await openApiDocument(api, c.var.auth)))
    .get("/docs", describeRoute({ hide: true }), Scalar({ url: "/openapi.json", pageTitle: "persona-edge API" }));
}
