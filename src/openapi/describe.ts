/** Helpers that describe routes for the OpenAPI document from the same zod schemas that validate them. */
import { type describeRoute, resolver } from "hono-openapi";
import type { z } from "zod";
import { problemSchema } from "../errors/problem-schema";

type Responses = NonNullable<Parameters<typeof describeRoute>[0]["responses"]>;

export function json(description: string, schema: z.ZodType) {
  return { description, content: { "application/json": { schema: resolver(schema) } } };
}

const problemDescriptions: Record<number, string> = {
  400: "Invalid input: `errors` names each field at fault",
  401: "No valid session (cookie or bearer token)",
  403: "Not allowed: `code` says why",
  404: "Not found",
  409: "Conflict",
  503: "The database is unreachable; retry after `Retry-After` seconds",
};

/** Problem responses for the given statuses, plus the 503 every database-backed route can answer. */
export function problems(...statuses: number[]): Responses {
  return Object.fromEntries(
    [...new Set([...statuses, 503])].map((status) => [
      String(status),
      {
        description: problemDescriptions[status] ?? "Error",
        content: { "application/problem+json": { schema: resolver(problemSchema) } },
      },
    ]),
  );
}

/** Routes that need a session accept the cookie or a bearer token. */
export const sessionSecurity: Record<string, string[]>[] = [{ bearerAuth: [] }, { cookieAuth: [] }];
