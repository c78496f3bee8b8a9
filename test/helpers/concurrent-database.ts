/**
 * The database the race and fault tests run against: the local endpoint on PostgreSQL with a connection
 * pool when the run has a server (TEST_POSTGRES_URL, as in CI), PGlite's otherwise (which serialises
 * statements, but requests still interleave between round trips, so races still happen).
 */
import { inject } from "vitest";
import { createDatabase } from "../../src/db/client";
import { endpointStats, type Fault, injectFault, type RequestCounts } from "./neon-local";
import { uniqueName } from "./unique-name";
import { callWorkerWithEnv } from "./worker";

const postgresUrl = inject("concurrentDatabaseUrl");

export const concurrent = postgresUrl
  ? { backend: "PostgreSQL", databaseUrl: postgresUrl, origin: inject("concurrentNeonLocalOrigin") ?? "" }
  : { backend: "PGlite", databaseUrl: inject("databaseUrl"), origin: inject("neonLocalOrigin") };

/** The tests' own view of that database, to check what requests left behind. */
export const concurrentDatabase = createDatabase(concurrent.databaseUrl);

const noRequests: RequestCounts = { requests: 0, statements: 0, batches: 0, errors: 0 };

/**
 * The Worker on that database with its own `application_name`: the endpoint counts its round trips apart
 * and its faults touch no other test's requests, so tests can run side by side.
 */
export function isolatedWorker(prefix: string) {
  const application = uniqueName(prefix);
  const url = new URL(concurrent.databaseUrl);
  url.searchParams.set("application_name", application);
  const env = { DATABASE_URL: url.toString() };
  return {
    application,
    call: (path: string, init?: RequestInit) => callWorkerWithEnv(env, path, init),
    counts: async (): Promise<RequestCounts> =>
      (await endpointStats(concurrent.origin)).byApplication[application] ?? noRequests,
    /** Fails this worker's own next round trip(s); `skip: N - 1` fails the Nth from now. */
    fault: (fault: Omit<Fault, "application">) => injectFault({ ...fault, application }, concurrent.origin),
  };
}

export type IsolatedWorker = ReturnType<typeof isolatedWorker>;
