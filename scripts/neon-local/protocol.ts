/** Neon's SQL-over-HTTP wire format: what a request may carry and how results and errors are shaped. */
import { z } from "zod";
import type { BatchOptions, IsolationLevel, Statement, StatementResult } from "./backend.ts";

const statementSchema = z.object({
  query: z.string().min(1),
  params: z.array(z.string().nullable()).default([]),
});

const bodySchema = z.union([z.object({ queries: z.array(statementSchema).min(1) }).strict(), statementSchema.strict()]);

const isolationLevels: Record<string, IsolationLevel> = {
  ReadUncommitted: "READ UNCOMMITTED",
  ReadCommitted: "READ COMMITTED",
  RepeatableRead: "REPEATABLE READ",
  Serializable: "SERIALIZABLE",
};

export type SqlRequest =
  | { kind: "single"; statement: Statement }
  | { kind: "batch"; statements: Statement[]; options: BatchOptions };

/** A request the endpoint refuses before any SQL runs; answered as a Postgres-style error. */
export class ProtocolError extends Error {}

type HeaderValue = string | string[] | undefined;

function booleanHeader(name: string, value: HeaderValue): boolean | undefined {
  if (value === undefined) return undefined;
  if (value === "true") return true;
  if (value === "false") return false;
  throw new ProtocolError(`${name} must be "true" or "false"`);
}

/** Validates one POST /sql request as the Neon driver sends it. */
export function parseSqlRequest(headers: Record<string, HeaderValue>, rawBody: string): SqlRequest {
  if (!headers["neon-connection-string"]) throw new ProtocolError("missing Neon-Connection-String header");
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    throw new ProtocolError("request body is not valid JSON");
  }
  const parsed = bodySchema.safeParse(json);
  if (!parsed.success) throw new ProtocolError(`invalid request body: ${z.prettifyError(parsed.error)}`);
  if (!("queries" in parsed.data)) return { kind: "single", statement: parsed.data };

  const level = headers["neon-batch-isolation-level"];
  if (level !== undefined && (typeof level !== "string" || !(level in isolationLevels))) {
    throw new ProtocolError(`Neon-Batch-Isolation-Level must be one of ${Object.keys(isolationLevels).join(", ")}`);
  }
  return {
    kind: "batch",
    statements: parsed.data.queries,
    options: {
      isolationLevel: level === undefined ? undefined : isolationLevels[level],
      readOnly: booleanHeader("Neon-Batch-Read-Only", headers["neon-batch-read-only"]),
      deferrable: booleanHeader("Neon-Batch-Deferrable", headers["neon-batch-deferrable"]),
    },
  };
}

/** The result object Neon returns for one statement in array mode. */
export function resultBody(result: StatementResult) {
  return { ...result, rowAsArray: true };
}

/** The Postgres error fields the driver copies onto its `NeonDbError`. */
const errorFields = [
  "severity",
  "code",
  "detail",
  "hint",
  "position",
  "internalPosition",
  "internalQuery",
  "where",
  "schema",
  "table",
  "column",
  "dataType",
  "constraint",
  "file",
  "line",
  "routine",
] as const;

/** True for an error raised by Postgres itself (it carries a SQLSTATE), as opposed to a broken backend. */
export function isPostgresError(error: unknown): error is Error & Record<string, unknown> {
  return error instanceof Error && typeof (error as { code?: unknown }).code === "string" && "severity" in error;
}

export function postgresErrorBody(error: Error & Record<string, unknown>) {
  const body: Record<string, unknown> = { message: error.message };
  for (const field of errorFields) if (error[field] !== undefined) body[field] = error[field];
  return body;
}
