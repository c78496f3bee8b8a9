/** Reads and steers the local Neon endpoint the suite runs against (see test/global-setup.ts). */
import { inject } from "vitest";
import { callWorkerWithEnv } from "./worker";

export interface RequestCounts {
  requests: number;
  statements: number;
  batches: number;
  errors: number;
}

export interface EndpointStats extends RequestCounts {
  latencyMs: number;
  byApplication: Record<string, RequestCounts>;
}

export const databaseUrl = inject("databaseUrl");

/** DATABASE_URL with its own `application_name`, so the endpoint counts this caller's requests apart. */
export function databaseUrlFor(applicationName: string): string {
  const url = new URL(databaseUrl);
  url.searchParams.set("application_name", applicationName);
  return url.toString();
}

/** The counters of the suite's endpoint, or of another one (`origin`). */
export async function endpointStats(origin = inject("neonLocalOrigin")): Promise<EndpointStats> {
  const response = await fetch(`${origin}/_neon-local/stats`);
  return response.json();
}

/** See scripts/neon-local/faults.ts. */
export interface Fault {
  /** Text the failing statement's SQL contains (case-insensitive). */
  query?: string;
  /** A value among the failing statement's parameters: keeps the fault to this test's own rows. */
  param?: string;
  /** The `application_name` of the failing request's connection string. */
  application?: string;
  /** `timeout`: no answer for `holdMs` (default 15 s), then a dropped socket. */
  kind: "connection" | "http500" | "sqlstate" | "timeout";
  sqlstate?: string;
  holdMs?: number;
  /** Matching requests let through before the fault fires (`N - 1` fails the Nth). */
  skip?: number;
  times?: number;
}

/** Makes the endpoint (the suite's, or the one at `origin`) fail the next matching request(s) the way the fault says. */
export async function injectFault(fault: Fault, origin = inject("neonLocalOrigin")): Promise<void> {
  const response = await fetch(`${origin}/_neon-local/faults`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(fault),
  });
  if (response.status !== 201) throw new Error(`fault not accepted: ${await response.text()}`);
}

/**
 * The Worker with its own `application_name` in DATABASE_URL, so the endpoint counts its round trips
 * apart from every other test's.
 */
export function countedWorker(prefix: string) {
  const application = `${prefix}_${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`;
  const env = { DATABASE_URL: databaseUrlFor(application) };
  return {
    call: (path: string, init?: RequestInit) => callWorkerWithEnv(env, path, init),
    counts: async (): Promise<RequestCounts> =>
      (await endpointStats()).byApplication[application] ?? { requests: 0, statements: 0, batches: 0, errors: 0 },
  };
}
