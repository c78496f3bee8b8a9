/** Renders every error as one RFC 9457 problem document, with the request id and, for 400s, the fields at fault. */
import type { Context } from "hono";
import type { z } from "zod";
import type { AppEnv } from "../env";
import type { ApiError } from "./api-error";
import { type ErrorCode, errorCodes } from "./codes";
import type { problemSchema } from "./problem-schema";

/** The body, as the OpenAPI document describes it. */
type ProblemDocument = z.infer<typeof problemSchema>;

function problemType(code: ErrorCode): string {
  return `urn:persona-edge:problem:${code.toLowerCase().replaceAll("_", "-")}`;
}

export function problemResponse(c: Context<AppEnv>, error: ApiError): Response {
  const { status, title } = errorCodes[error.code];
  const body: ProblemDocument = {
    type: problemType(error.code),
    title,
    status,
    code: error.code,
    detail: error.message,
    message: error.message,
    request_id: c.get("requestId"),
    ...(error.errors ? { errors: error.errors } : {}),
  };
  return c.json(body, status, { "content-type": "application/problem+json", ...error.headers });
}
