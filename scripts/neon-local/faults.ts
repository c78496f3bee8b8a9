/**
 * Failures the endpoint can be told to inject, so tests can make the database fail exactly where they
 * choose: the request (by SQL text, a parameter value, the caller's `application_name`, and how many
 * matching requests to let by first) and the way (a dropped connection, Neon's own HTTP 500, a Postgres
 * error with a given SQLSTATE, or no answer at all until the caller has given up).
 */
import { z } from "zod";
import type { Statement } from "./backend.ts";

export const faultSchema = z.object({
  /** The fault applies to a request (one statement or a batch) with a statement whose SQL contains this text (case-insensitive)… */
  query: z.string().min(1).optional(),
  /** …and a statement with a parameter equal to this value: lets parallel tests target only their own rows… */
  param: z.string().optional(),
  /** …and whose connection string has this `application_name`: lets a test fail its own Nth round trip. */
  application: z.string().min(1).optional(),
  /**
   * `connection` drops the socket, `http500` answers like a Neon-side failure, `sqlstate` raises a Postgres
   * error, `timeout` holds the request unanswered for `holdMs` (nothing runs), then drops the socket.
   */
  kind: z.enum(["connection", "http500", "sqlstate", "timeout"]),
  /** For kind "sqlstate": the error code to raise, e.g. "23505". */
  sqlstate: z.string().length(5).default("XX000"),
  /** For kind "timeout": how long the request is held. Default 15 s, well past the Worker's 5 s driver timeout. */
  holdMs: z.number().int().min(0).max(120_000).default(15_000),
  /** How many matching requests pass untouched before the fault fires: `skip: N - 1` fails the Nth. Default 0. */
  skip: z.number().int().min(0).default(0),
  /** How many matching requests fail before the fault is spent. Default 1. */
  times: z.number().int().min(1).default(1),
});

export type Fault = z.infer<typeof faultSchema>;

/** What a fault is matched against: the request's statements and the caller's `application_name`. */
export interface FaultTarget {
  statements: Statement[];
  application?: string;
}

function matches(fault: Fault, { statements, application }: FaultTarget): boolean {
  if (fault.application !== undefined && fault.application !== application) return false;
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

  /**
   * The fault this request triggers, if any (spending one of its uses). Every matching fault still
   * skipping counts the request as one it let by; the first matching fault done skipping fires.
   */
  take(target: FaultTarget): Fault | undefined {
    let fired: Fault | undefined;
    for (const candidate of this.#faults) {
      if (!matches(candidate, target)) continue;
      if (candidate.skip > 0) candidate.skip -= 1;
      else fired ??= candidate;
    }
    if (!fired) return undefined;
    fired.times -= 1;
    if (fired.times === 0) this.#faults = this.#faults.filter((candidate) => candidate !== fired);
    return fired;
  }
}
