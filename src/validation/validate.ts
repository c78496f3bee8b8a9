/** zod validation at the boundary, failing as one VALIDATION_FAILED problem that names every field at fault. */
import { zValidator } from "@hono/zod-validator";
import type { ValidationTargets } from "hono";
import type { z } from "zod";
import { ApiError, type FieldError } from "../errors/api-error";

const locations: Partial<Record<keyof ValidationTargets, string>> = { json: "body", query: "query", param: "path" };

export function fieldErrors(target: string, error: { issues: readonly z.core.$ZodIssue[] }): FieldError[] {
  return error.issues.map((issue) => ({
    location: [target, ...issue.path.map(String)].join("."),
    message: issue.message,
  }));
}

/** `validate("json", schema)`: like zValidator, with our error shape. The validated value types `c.req.valid`. */
export function validate<Target extends keyof ValidationTargets, Schema extends z.ZodType>(
  target: Target,
  schema: Schema,
) {
  return zValidator(target, schema, (result) => {
    if (!result.success) {
      const errors = fieldErrors(locations[target] ?? target, result.error);
      throw new ApiError("VALIDATION_FAILED", "The request does not match the expected shape.", { errors });
    }
  });
}
