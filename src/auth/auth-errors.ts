/** Better Auth's errors, thrown by `auth.api.*` or answered by its handler, in our one error shape. */
import { isAPIError } from "better-auth/api";
import { ApiError, type FieldError } from "../errors/api-error";
import { codeForStatus } from "../errors/codes";

export { isAPIError as isAuthApiError };

export interface AuthErrorBody {
  code?: unknown;
  message?: unknown;
  errors?: unknown;
}

function isFieldErrors(value: unknown): value is FieldError[] {
  return (
    Array.isArray(value) &&
    value.every((entry) => typeof entry?.location === "string" && typeof entry?.message === "string")
  );
}

/**
 * One answer for an email already taken, however it was found: by Better Auth's look-up before the insert,
 * or by the unique constraint when a concurrent sign-up with the same email won the race to it.
 */
export function emailTaken(): ApiError {
  return new ApiError("CONFLICT", "An account with this email already exists.");
}

export function authApiError(status: number, body: AuthErrorBody | undefined): ApiError {
  const authCode = typeof body?.code === "string" ? body.code : undefined;
  const detail = typeof body?.message === "string" && body.message ? body.message : undefined;
  const errors = isFieldErrors(body?.errors) ? body.errors : undefined;
  if (authCode === "VALIDATION_FAILED") return new ApiError("VALIDATION_FAILED", detail, { errors });
  if (status === 400 && detail && /invalid json/i.test(detail)) return new ApiError("MALFORMED_JSON", detail);
  if (authCode?.startsWith("USER_ALREADY_EXISTS")) return emailTaken();
  return new ApiError(codeForStatus(status), detail, { errors });
}
