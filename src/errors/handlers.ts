/** The app's single error path: every failure becomes a problem document; only 5xx are logged, never with a stack sent out. */
import type { Context, ErrorHandler, NotFoundHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import { ConfigurationError } from "../config";
import type { DatabaseUsage } from "../db/usage";
import type { AppEnv } from "../env";
import { ApiError } from "./api-error";
import { authApiError, emailTaken, isAuthApiError } from "./auth-errors";
import { codeForStatus } from "./codes";
import { accountRefusal, isDatabaseUnavailable, isEmailTaken } from "./database-errors";
import { describeError, logEvent } from "./log";
import { problemResponse } from "./problem";

/** Seconds a client should wait before retrying while the database is unavailable. */
const DATABASE_RETRY_AFTER_SECONDS = "5";

export function databaseUnavailable(cause?: unknown): ApiError {
  return new ApiError("DATABASE_UNAVAILABLE", "The database is not reachable right now; retry shortly.", {
    cause,
    headers: { "retry-after": DATABASE_RETRY_AFTER_SECONDS },
  });
}

function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (isAuthApiError(error)) return authApiError(error.statusCode, error.body);
  if (error instanceof HTTPException) {
    // Hono's own exceptions (malformed JSON, body limits) carry client-safe messages.
    const code = error.message.startsWith("Malformed JSON") ? "MALFORMED_JSON" : codeForStatus(error.status);
    return new ApiError(code, error.message || undefined, { cause: error });
  }
  if (error instanceof ConfigurationError) return new ApiError("CONFIGURATION_ERROR", error.message, { cause: error });
  if (isDatabaseUnavailable(error)) return databaseUnavailable(error);
  if (isEmailTaken(error)) return emailTaken();
  return new ApiError("INTERNAL_ERROR", "Something went wrong on our side.", { cause: error });
}

/**
 * What the database answered under this request beats what a layer above made of it: Better Auth answers a
 * database it lost with a 422 or 500 of its own, and the session trigger's refusal of a banned or deleted
 * account (SQLSTATE PE001/PE002) with a generic error. Every round trip of the request is in the record,
 * whether the error it caused was thrown to us or swallowed on the way.
 */
function overruledByDatabase(apiError: ApiError, usage: DatabaseUsage | undefined, cause: unknown): ApiError {
  if (usage?.unavailable && apiError.code !== "DATABASE_UNAVAILABLE") return databaseUnavailable(cause);
  const refusal = accountRefusal(usage?.sqlstate);
  return refusal && refusal.code !== apiError.code ? refusal : apiError;
}

export const onError: ErrorHandler<AppEnv> = (error, c) => {
  const apiError = overruledByDatabase(toApiError(error), c.get("databaseUsage"), error);
  if (apiError.status >= 500) {
    logEvent("error", { request_id: c.get("requestId"), code: apiError.code, error: describeError(error) });
  }
  return problemResponse(c, apiError);
};

export const notFound: NotFoundHandler<AppEnv> = (c: Context<AppEnv>) =>
  problemResponse(c, new ApiError("NOT_FOUND", `No route for ${c.req.method} ${c.req.path}`));
