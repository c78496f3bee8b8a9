/**
 * Validation at the boundary, failing as one VALIDATION_FAILED problem that names every field at fault.
 * hono-openapi's validator (a Standard Schema validator like @hono/zod-validator) also records the schema
 * for the OpenAPI document, so what validates a request is what documents it.
 */
import type { StandardSchemaV1 } from "@standard-schema/spec";
import type { ValidationTargets } from "hono";
import { validator } from "hono-openapi";
import { ApiError, type FieldError } from "../errors/api-error";

const locations: Partial<Record<keyof ValidationTargets, string>> = { json: "body", query: "query", param: "path" };

type Issue = Pick<StandardSchemaV1.Issue, "message" | "path">;

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
export function validate<Target extends keyof ValidationTargets, Schema extends StandardSchemaV1>(
  target: Target,
  schema: Schema,
) {
  return validator(target, schema, (result) => {
    if (!result.success) throw validationFailed(fieldErrors(locations[target] ?? target, result.error));
  });
}
