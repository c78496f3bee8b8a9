/**
 * Structured log lines that never carry personal data: error names, SQLSTATE and constraint only. Messages
 * of query errors are left out because Drizzle's carry the SQL parameters (emails, password hashes, tokens).
 */
import { DrizzleQueryError } from "drizzle-orm";
import { findNeonError } from "./database-errors";

/** Whether an error's message may carry a query's parameters: Drizzle's wrapper, or one wrapping it. */
function carriesQuery(error: Error): boolean {
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 8; depth += 1) {
    if (current instanceof DrizzleQueryError || current.message.includes("params:")) return true;
    current = current.cause;
  }
  return false;
}

/** Postgres quotes the offending input in data exceptions (class 22, e.g. `invalid input syntax …: "x"`). */
function withoutInput(code: string, message: string): string {
  return code.startsWith("22") ? message.replace(/"(?:[^"]|"")*"/g, '"…"') : message;
}

/**
 * How a round trip failed without a Postgres error, from the driver's message ("Server error (HTTP status
 * 500)", "Error connecting to database: TimeoutError"): the rest of it is whatever the server answered.
 */
function failureOf(message: string | undefined): string | undefined {
  return message?.match(/^(Server error \(HTTP status \d+\)|Error connecting to database: \w+)/)?.[1];
}

export function describeError(error: unknown) {
  const neonError = findNeonError(error);
  return {
    name: error instanceof Error ? error.name : typeof error,
    message: neonError || !(error instanceof Error) || carriesQuery(error) ? undefined : error.message,
    // What a query error stood for, when it is not the driver's own (e.g. an answer that did not parse).
    cause: error instanceof DrizzleQueryError && error.cause instanceof Error ? error.cause.name : undefined,
    db_code: neonError?.code,
    db_constraint: neonError?.constraint,
    db_message: neonError?.code ? withoutInput(neonError.code, neonError.message) : failureOf(neonError?.message),
  };
}

export type LogLevel = "debug" | "info" | "warn" | "error";

export function logEvent(level: LogLevel, fields: Record<string, unknown>) {
  console[level](JSON.stringify({ level, ...fields }));
}
