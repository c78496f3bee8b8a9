/** Better Auth's errors, thrown by `auth.api.*` or answered by its handler, in our one error shape. */
import { isAPIError } from "better-auth/api";
import { ApiError, type FieldError } from "./api-error";
import { codeForStatus } from "./codes";

export { isAPIError as isAuthApiError };

interface AuthErrorBody {
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

/** Better Auth's error body, thrown by `auth.api.*` or answered by its handler, as our ApiError. */
export function authApiError(status: number, body: AuthErrorBody | undefined): ApiError {
  const authCode = typeof body?.code === "string" ? body.code : undefined;
  const detail = typeof body?.message === "string" && body.message ? body.message : undefined;
  const errors = isFieldErrors(body?.errors) ? body.errors : undefined;
  if (authCode === "VALIDATION_FAILED") return new ApiError("VALIDATION_FAILED", detail, { errors });
  if (status === 400 && detail && /invalid json/i.test(detail)) return new ApiError("MALFORMED_JSON", detail);
  if (authCode?.startsWith("USER_ALREADY_EXISTS")) return emailTaken();
  // Better Auth answers a wrong password for a signed-in user with 400 (change-password) or 401 (two-factor),
  // and 401 reads as "sign in again": one answer for all, as our own routes give it.
  if (authCode === "INVALID_PASSWORD") return new ApiError("INVALID_PASSWORD", "The password is not correct.");
  // An emailed code or link for an account with two-factor on (src/auth/second-factor-guard.ts).
  if (authCode === "TWO_FACTOR_REQUIRED") return new ApiError("TWO_FACTOR_REQUIRED", detail);
  // The email-OTP plugin's refusals of a code (its field is `otp`), as the phone routes answer theirs.
  if (authCode === "TOO_MANY_ATTEMPTS")
    return new ApiError("TOO_MANY_ATTEMPTS", "Too many wrong codes: request a new one.");
  if (authCode === "INVALID_OTP" || authCode === "OTP_EXPIRED") {
    return new ApiError("VALIDATION_FAILED", "The code is wrong or has expired.", {
      errors: [{ location: "body.otp", message: "wrong or expired; request a new code if it is older than 5 minutes" }],
    });
  }
  return new ApiError(codeForStatus(status), detail, { errors });
}

/**
 * An error answer of Better Auth's handler as ours: its JSON error mapped like a thrown one, and an answer
 * without a JSON body (its router's bare 404 for an unknown endpoint) by its status alone.
 */
export async function betterAuthError(response: Response): Promise<ApiError> {
  const isJson = response.headers.get("content-type")?.includes("application/json") ?? false;
  const body = isJson ? ((await response.json().catch(() => undefined)) as AuthErrorBody | undefined) : undefined;
  return authApiError(response.status, body);
}
