/**
 * The OpenAPI 3.1 document: our routes from the zod schemas that validate them (hono-openapi), merged with
 * Better Auth's own description of /api/auth/* (its openAPI plugin). Nothing is written by hand.
 */
import { getCookies } from "better-auth/cookies";
import type { Hono } from "hono";
import { generateSpecs } from "hono-openapi";
import type { OpenAPIV3_1 } from "openapi-types";
import { version } from "../../package.json";
import type { Auth } from "../auth/create-auth";
import { AUTH_BASE_PATH } from "../auth/options";
import type { AppEnv } from "../env";

async function ourDocument(api: Hono<AppEnv>, sessionCookie: string): Promise<OpenAPIV3_1.Document> {
  return generateSpecs(api, {
    documentation: {
      openapi: "3.1.0",
      info: {
        title: "persona-edge",
        version,
        description:
          "Authentication and learner personalization at the edge. Errors are RFC 9457 problem documents (`application/problem+json`).",
      },
      components: {
        securitySchemes: {
          bearerAuth: { type: "http", scheme: "bearer", description: "The session_token from sign-up or sign-in" },
          cookieAuth: { type: "apiKey", in: "cookie", name: sessionCookie },
          apiKeyAuth: {
            type: "apiKey",
            in: "header",
            name: "x-api-key",
            description: "An API key from POST /api/admin/api-keys (analytics only)",
          },
        },
      },
    },
    // Our validator already documents its 400 with the Problem schema.
    defaultValidationErrorResponse: false,
  });
}

function merge(ours: OpenAPIV3_1.Document, auth: OpenAPIV3_1.Document): OpenAPIV3_1.Document {
  const paths: OpenAPIV3_1.PathsObject = { ...ours.paths };
  for (const [path, item] of Object.entries(auth.paths ?? {})) {
    paths[`${AUTH_BASE_PATH}${path}`] ??= item;
  }
  return {
    ...ours,
    paths,
    tags: [...(ours.tags ?? []), ...(auth.tags ?? [])],
    components: {
      ...ours.components,
      schemas: { ...auth.components?.schemas, ...ours.components?.schemas },
      securitySchemes: { ...auth.components?.securitySchemes, ...ours.components?.securitySchemes },
    },
  };
}

// Isolate-wide: the document depends only on the code and the auth instance, so it is built once.
const documents = new WeakMap<Auth, Promise<OpenAPIV3_1.Document>>();

export function openApiDocument(api: Hono<AppEnv>, auth: Auth): Promise<OpenAPIV3_1.Document> {
  let document = documents.get(auth);
  if (!document) {
    document = Promise.all([
      ourDocument(api, getCookies(auth.options).sessionToken.name),
      auth.api.generateOpenAPISchema() as Promise<OpenAPIV3_1.Document>,
    ]).then(([ours, theirs]) => merge(ours, theirs));
    document.catch(() => documents.delete(auth));
    documents.set(auth, document);
  }
  return document;
}
