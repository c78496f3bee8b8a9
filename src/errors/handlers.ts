/** The app's single error path: every failure becomes a problem document; only 5xx are logged, never with a stack sent out. */
import type { Context, ErrorHandler, NotFoundHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import { ConfigurationError } from "../config";
import type { AppEnv } from "../env";
import { ApiError } from "./api-error";
import { codeForStatus } from "./codes";
import { findNeonError, isDatabaseUnavailable } from "./database-error";
import { problemResponse } from "./problem";

/** Seconds a client should wait before retrying while the database is unavailable. */
const DATABASE_RETRY_AFTER_SECONDS = "5";

/**
 * What a log line may say about an error: names, SQLSTATE and constraint. Messages of query errors are
 * left out because Drizzle's carry the SQL parameters (emails, password hashes, tokens).
 */
function describeForLog(error: unknown) {
  const neonError = findNeonError(error);
  return {
    name: error instanceof Error ? error.name : typeof error,
    message: neonError || !(error instanceof Error) ? undefined : error.message,
    db_code: neonError?.code,
    db_constraint: neonError?.constraint,
    db_message: neonError?.code ? neonError.message : undefined,
  };
}

function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof HTTPException) {
    // Hono's own exceptions (malformed JSON, body limits) carry client-safe messages.
    const code = error.message.startsWith("Malformed JSON") ? "MALFORMED_JSON" : codeForStatus(error.status);
    return new ApiError(code, error.message || undefined, { cause: error });
  }
  if (error instanceof ConfigurationError) return new ApiError("CONFIGURATION_ERROR", error.message, { cause: error });
  if (isDatabaseUnavailable(error)) {
    return new ApiError("DATABASE_UNAVAILABLE", "The database is not reachable right now; retry shortly.", {
      cause: error,
      headers: { "retry-after": DATABASE_RETRY_AFTER_SECONDS },
    });
  }
  return new ApiError("INTERNAL_ERROR", "Something went wrong on our side.", { cause: error });
}

export const onError: ErrorHandler<AppEnv> = (error, c) => {
  const apiError = toApiError(error);
  if (apiError.status >= 500) {
    console.error(
      JSON.stringify({
        level: "error",
        request_id: c.get("requestId"),
        code: apiError.code,
        error: describeForLog(error),
      }),
    );
  }
  return problemResponse(c, apiError);
};

export const notFound: NotFoundHandler<AppEnv> = (c: Context<AppEnv>) =>
  problemResponse(c, new ApiError("NOT_FOUND", `No route for ${c.req.method} ${c.req.path}`));
