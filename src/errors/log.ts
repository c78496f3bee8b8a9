/**
 * Structured log lines that never carry personal data: error names, SQLSTATE and constraint only. Messages
 * of query errors are left out because Drizzle's carry the SQL parameters (emails, password hashes, tokens).
 */
import { findNeonError } from "./database-error";

export function describeError(error: unknown) {
  const neonError = findNeonError(error);
  return {
    name: error instanceof Error ? error.name : typeof error,
    message: neonError || !(error instanceof Error) ? undefined : error.message,
    db_code: neonError?.code,
    db_constraint: neonError?.constraint,
    db_message: neonError?.code ? neonError.message : undefined,
  };
}

export type LogLevel = "debug" | "info" | "warn" | "error";

export function logEvent(level: LogLevel, fields: Record<string, unknown>) {
  console[level](JSON.stringify({ level, ...fields }));
}
