/**
 * The database-fault matrix: a flow's requests, with the database failing at each of their round trips in
 * turn, three ways (a dropped connection, Neon's HTTP 500, no answer at all). Each failure must answer 503
 * with Retry-After and no session cookie, leave nothing half-written (a session it started is ended), and
 * the same flow must work once the database does. Runs on PostgreSQL when the run has one, PGlite otherwise.
 *
 * To see which statement round trip N of a flow is: NEON_LOCAL_TRACE=faults_ npx vitest run <file> (the
 * attempts run as `faults_*` callers; scripts/neon-local/server.ts).
 */
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { mapWithConcurrency } from "../../src/async/map-with-concurrency";
import { DATABASE_TIMEOUT_MS } from "../../src/db/usage";
import { signUp } from "./accounts";
import { concurrentDatabase, type IsolatedWorker, isolatedWorker } from "./concurrent-database";
import { captureConsole, expectNoSecrets } from "./console-capture";
import { accountsFor } from "./integrity";
import { expectProblem } from "./problem";

/** One request of a flow, ready to send, and what the database must hold after it failed or succeeded. */
export interface Attempt {
  send(): Promise<Response>;
  /** Checks the database after the request failed: nothing of it half-written or half-applied. */
  expectIntact(): Promise<void>;
  /** Checks the answer and the database once the same request has succeeded. */
  expectDone(response: Response): Promise<void>;
}

export interface Flow {
  name: string;
  /** Sets up what the request needs (its own account) through `worker`, before any fault is armed. */
  prepare(worker: IsolatedWorker): Promise<Attempt>;
}

/**
 * What one test file's flows used, for the checks after them: the secrets that must never reach the logs
 * (checked after each test) and the addresses it signed up.
 */
export function faultLedger(profile: Record<string, string>, password: string) {
  const logs = captureConsole();
  const secrets: string[] = [password];
  const emails: string[] = [];
  afterEach(() => expectNoSecrets(logs.lines(), secrets));
  afterAll(() => logs.restore());

  return {
    secrets,
    emails,
    /** An account of the flow's own, signed up through `worker`, with its secrets noted for the log check. */
    async accountThrough(worker: IsolatedWorker) {
      const account = await signUp(profile, { call: worker.call });
      emails.push(account.email);
      const [stored] = await accountsFor(concurrentDatabase, account.email);
      secrets.push(account.email, account.password, account.token, stored?.credentials[0]?.password ?? "");
      return { ...account, stored };
    },
  };
}

/** Round trips the flow makes when nothing fails: the range of N to fail. */
async function roundTrips(flow: Flow): Promise<number> {
  const worker = isolatedWorker("faults_clean");
  const attempt = await flow.prepare(worker);
  const before = (await worker.counts()).requests;
  await attempt.expectDone(await attempt.send());
  return (await worker.counts()).requests - before;
}

export type Kind = "connection" | "http500" | "timeout";

/**
 * How long the local endpoint holds a request it times out before dropping it (scripts/neon-local/faults.ts):
 * far past the driver's timeout, however far a busy isolate stretches that, so a request answered sooner
 * gave up on its own.
 */
const ENDPOINT_HOLD_MS = 60_000;

/** Round trips of one flow failing at once: each attempt signs up (scrypt) on the one isolate all share. */
const ATTEMPTS_AT_ONCE = 6;

/** Fails round trip `n` of the flow the way `kind` says; checks the answer, the database, and a retry. */
async function failAt(flow: Flow, kind: Kind, n: number) {
  const isolated = isolatedWorker("faults");
  // How long the last request took: a flow of several requests (a code asked for, then used) is timed by
  // the one that met the failure.
  let elapsed = 0;
  const worker: IsolatedWorker = {
    ...isolated,
    async call(path, init) {
      const started = Date.now();
      const response = await isolated.call(path, init);
      elapsed = Date.now() - started;
      return response;
    },
  };
  const attempt = await flow.prepare(worker);
  const before = (await worker.counts()).requests;
  await worker.fault({ kind, skip: n - 1, ...(kind === "timeout" ? { holdMs: ENDPOINT_HOLD_MS } : {}) });
  const response = await attempt.send();

  const context = `${flow.name}, round trip ${n} failing (${kind})`;
  expect(response.status, context).toBe(503);
  await expectProblem(response, 503, "DATABASE_UNAVAILABLE");
  expect(response.headers.get("retry-after"), context).toBe("5");
  // No session cookie for a session that may not exist (a re-signed cache of the one that does is fine).
  expect(
    response.headers.getSetCookie().filter((cookie) => cookie.includes("session_token=")),
    context,
  ).toEqual([]);
  // The fault hit the Nth round trip. More may follow it: Better Auth retries some failed writes (an
  // emailed code's), carries on past failures it swallows, and a session started is ended afterwards.
  expect((await worker.counts()).requests - before, context).toBeGreaterThanOrEqual(n);
  if (kind === "timeout") {
    // The driver gave up after its timeout (not sooner, which would mean another failure), and did not wait
    // for the endpoint to drop the socket. A busy isolate stretches the timeout (src/db/usage.ts), and the
    // matrix, with the rest of the suite, keeps it busy (up to 22 s seen in CI): the bound is the hold.
    expect(elapsed, context).toBeGreaterThanOrEqual(DATABASE_TIMEOUT_MS - 1_000);
    expect(elapsed, context).toBeLessThan(ENDPOINT_HOLD_MS);
  }
  await attempt.expectIntact().catch((error: Error) => {
    error.message = `${context}: ${error.message}`;
    throw error;
  });
  // The database is back: the same request now succeeds, from whatever the failure left.
  await attempt.expectDone(await attempt.send());
}

/** Every flow failing at each of its round trips, each way; one test per flow and way of failing. */
export function describeFaultMatrix(flows: Flow[]) {
  const KINDS: Kind[] = ["connection", "http500", "timeout"];
  // Each attempt has its own account and application_name, so the Ns of a flow fail side by side; the
  // timeouts, which each wait out the driver's timeout, run concurrently across flows too.
  describe.each(KINDS)("the database failing with %s", (kind) => {
    const describeFlows = kind === "timeout" ? describe.concurrent : describe;
    describeFlows("at every round trip", () => {
      it.each(flows)(
        "$name: 503 with Retry-After, nothing half-written, then works again",
        async (flow) => {
          const trips = await roundTrips(flow);
          expect(trips).toBeGreaterThan(0);
          const ns = Array.from({ length: trips }, (_, index) => index + 1);
          await mapWithConcurrency(ns, ATTEMPTS_AT_ONCE, (n) => failAt(flow, kind, n));
        },
        180_000,
      );
    });
  });
}
