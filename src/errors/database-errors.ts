/** Tells a database that cannot answer now (503, retry) from a query our code got wrong (500, a bug). */
import { NeonDbError } from "@neondatabase/serverless";
import { ApiError } from "./api-error";

/** Finds the driver's error under Drizzle's `DrizzleQueryError` wrapper (or any other `cause` chain). */
export function findNeonError(error: unknown): NeonDbError | undefined {
  for (let current = error, depth = 0; current instanceof Error && depth < 8; depth += 1) {
    if (current instanceof NeonDbError) return current;
    current = current.cause;
  }
  return undefined;
}

/**
 * SQLSTATE classes that mean "not now" rather than "never": connection exceptions (08), insufficient
 * resources (53), operator intervention such as a restarting compute (57P), and serialization failures (40001).
 */
const transientStates = /^(08|53|57P)|^40001$/;

export function isDatabaseUnavailable(error: unknown): boolean {
  const neonError = findNeonError(error);
  if (neonError) return neonError.code === undefined || transientStates.test(neonError.code);
  return error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
}

/**
 * The user's email is unique (constraint `user_email_unique`): a write that breaks it lost a race for the
 * address (two sign-ups at once) that the look-up before it could not see.
 */
export function isEmailTaken(error: unknown): boolean {
  const neonError = findNeonError(error);
  return neonError?.code === "23505" && neonError.constraint === "user_email_unique";
}

/**
 * SQLSTATEs of our own (class PE) raised by the session trigger (migration 0007) when an account may not
 * sign in: the one refusal a query error carries to the client.
 */
export const ACCOUNT_BANNED_MESSAGE = "This account is banned. Contact support if you think this is wrong.";

const accountRefusals = {
  PE001: () => new ApiError("ACCOUNT_BANNED", ACCOUNT_BANNED_MESSAGE),
  PE002: () =>
    new ApiError(
      "ACCOUNT_DELETED",
      "This account was deleted. Contact support to restore it within the retention window.",
    ),
} as const;

export function accountRefusal(sqlstate: string | undefined): ApiError | undefined {
  return sqlstate && sqlstate in accountRefusals
    ? accountRefusals[sqlstate as keyof typeof accountRefusals]()
    : undefined;
}
