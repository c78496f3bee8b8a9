/**
 * Validation at the boundary with @hono/zod-validator, failing as one VALIDATION_FAILED problem that names
 * every field at fault. The same schema is registered with hono-openapi, so what validates a request is
 * what documents it in /openapi.json.
 */
import { zValidator } from "@hono/zod-validator";
import type { ValidationTargets } from "hono";
import { resolver, uniqueSymbol } from "hono-openapi";
import type { z } from "zod";
import { ApiError, type FieldError } from "../errors/api-error";

const locations: Partial<Record<keyof ValidationTargets, string>> = { json: "body", query: "query", param: "path" };

interface Issue {
  message: string;
  path?: readonly (PropertyKey | { key: PropertyKey })[];
}

/** `body.software_level`, `query.limit`: where each issue is, for the `errors` of a 400. */
export function fieldErrors(target: string, issues: readonly Issue[]): FieldError[] {
  return issues.map((issue) => ({
    location: [
      target,
      ...(issue.path ?? []).map((segment) => String(typeof segment === "object" ? segment.key : segment)),
    ].join("."),
    message: issue.message,
  }));
}

export function validationFailed(errors: FieldError[]): ApiError {
  return new ApiError("VALIDATION_FAILED", "The request does not match the expected shape.", { errors });
}

/** `validate("json", schema)`: the validated value types `c.req.valid(target)`. */
export function validate<Target extends keyof ValidationTargets, Schema extends z.ZodType>(
  target: Target,
  schema: Schema,
) {
  const middleware = zValidator(target, schema, (result) => {
    if (!result.success) throw validationFailed(fieldErrors(locations[target] ?? target, result.error.issues));
  });
  // hono-openapi reads a route's request schemas from this mark (its own validator sets the same one).
  return Object.assign(middleware, { [uniqueSymbol]: { target, ...resolver(schema) } });
}
