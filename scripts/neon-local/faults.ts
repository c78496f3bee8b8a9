/**
 * Failures the endpoint can be told to inject, so tests can make the database fail exactly where they
 * choose: the statement (by SQL text and a parameter value) and the way (a dropped connection, Neon's own
 * HTTP 500, or a Postgres error with a given SQLSTATE).
 */
import { z } from "zod";
import type { Statement } from "./backend.ts";

export const faultSchema = z.object({
  /** The fault applies to a request (one statement or a batch) with a statement whose SQL contains this text (case-insensitive)… */
  query: z.string().min(1).optional(),
  /** …and a statement with a parameter equal to this value: lets parallel tests target only their own rows. */
  param: z.string().optional(),
  kind: z.enum(["connection", "http500", "sqlstate"]),
  /** For kind "sqlstate": the error code to raise, e.g. "23505". */
  sqlstate: z.string().length(5).default("XX000"),
  /** How many matching requests fail before the fault is spent. Default 1. */
  times: z.number().int().min(1).default(1),
});

export type Fault = z.infer<typeof faultSchema>;

function matches(fault: Fault, statements: Statement[]): boolean {
  const query = fault.query?.toLowerCase();
  if (query && !statements.some((statement) => statement.query.toLowerCase().includes(query))) return false;
  const param = fault.param;
  if (param !== undefined && !statements.some((statement) => statement.params.includes(param))) return false;
  return true;
}

export class FaultInjector {
  #faults: Fault[] = [];

  add(fault: Fault) {
    this.#faults.push({ ...fault });
  }

  clear() {
    this.#faults = [];
  }

  /** The fault this request triggers, if any (spending one of its uses). */
  take(statements: Statement[]): Fault | undefined {
    const fault = this.#faults.find((candidate) => matches(candidate, statements));
    if (!fault) return undefined;
    fault.times -= 1;
    if (fault.times === 0) this.#faults = this.#faults.filter((candidate) => candidate !== fault);
    return fault;
  }
}
