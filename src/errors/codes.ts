/** Every error code the API answers with, declared once with its HTTP status and title. */
import type { ContentfulStatusCode } from "hono/utils/http-status";

export const errorCodes = {
  BAD_REQUEST: { status: 400, title: "Bad request" },
  MALFORMED_JSON: { status: 400, title: "Malformed JSON body" },
  VALIDATION_FAILED: { status: 400, title: "Request validation failed" },
  UNAUTHENTICATED: { status: 401, title: "Authentication required" },
  FORBIDDEN: { status: 403, title: "Forbidden" },
  ACCOUNT_BANNED: { status: 403, title: "Account banned" },
  ACCOUNT_DELETED: { status: 403, title: "Account deleted" },
  REAUTHENTICATION_REQUIRED: { status: 403, title: "Recent sign-in or password required" },
  INVALID_PASSWORD: { status: 403, title: "Wrong password" },
  TOO_MANY_ATTEMPTS: { status: 403, title: "Too many wrong codes" },
  TWO_FACTOR_REQUIRED: { status: 403, title: "Second factor required" },
  CROSS_SITE_REQUEST: { status: 403, title: "Cross-site request refused" },
  NOT_FOUND: { status: 404, title: "Not found" },
  PROFILE_NOT_FOUND: { status: 404, title: "No background profile" },
  METHOD_NOT_ALLOWED: { status: 405, title: "Method not allowed" },
  CONFLICT: { status: 409, title: "Conflict" },
  PHONE_NUMBER_TAKEN: { status: 409, title: "Phone number in use" },
  PRECONDITION_FAILED: { status: 412, title: "Precondition failed" },
  PAYLOAD_TOO_LARGE: { status: 413, title: "Payload too large" },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: "Unsupported media type" },
  UNPROCESSABLE_ENTITY: { status: 422, title: "Unprocessable request" },
  RATE_LIMITED: { status: 429, title: "Too many requests" },
  INTERNAL_ERROR: { status: 500, title: "Internal server error" },
  CONFIGURATION_ERROR: { status: 500, title: "Server misconfigured" },
  DATABASE_UNAVAILABLE: { status: 503, title: "Database unavailable" },
  QUEUE_UNAVAILABLE: { status: 503, title: "Queue unavailable" },
} as const satisfies Record<string, { status: ContentfulStatusCode; title: string }>;

export type ErrorCode = keyof typeof errorCodes;

const codeByStatus = new Map<number, ErrorCode>();
for (const [code, { status }] of Object.entries(errorCodes) as [ErrorCode, { status: number }][]) {
  if (!codeByStatus.has(status)) codeByStatus.set(status, code);
}

/** The code for an HTTP status raised by Hono or a middleware rather than by our own code. */
export function codeForStatus(status: number): ErrorCode {
  return codeByStatus.get(status) ?? (status >= 500 ? "INTERNAL_ERROR" : "BAD_REQUEST");
}
