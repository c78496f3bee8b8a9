/**
 * The database failing the Nth round trip of sign-up, sign-in, a profile update, a device registration and
 * a notification send, for every N and three ways of failing (a dropped connection, Neon's HTTP 500, no
 * answer at all): always 503 with Retry-After, never a half-written account or a half-applied change, and
 * the flow works again once the database does. Runs on PostgreSQL when the run has one, PGlite otherwise.
 */
import { eq } from "drizzle-orm";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { device, notification, user } from "../../src/db/schema";
import { DATABASE_TIMEOUT_MS } from "../../src/db/usage";
import { bearer, jsonRequest, newEmail, signIn, signUp } from "../helpers/accounts";
import { concurrent, concurrentDatabase, type IsolatedWorker, isolatedWorker } from "../helpers/concurrent-database";
import { captureConsole, expectNoSecrets } from "../helpers/console-capture";
import { accountsFor, expectWholeAccount, halfWrittenAccounts, storedProfile } from "../helpers/integrity";
import { expectProblem } from "../helpers/problem";

const PASSWORD = "fault tolerant passphrase";
const BEFORE = { software_level: "beginner", hardware_background: "robotics" };
const AFTER = { software_level: "advanced", hardware_background: "other" };

// Everything the Worker logs while the database fails: no email, password, hash, token or query in it.
const logs = captureConsole();
const secrets: string[] = [PASSWORD];
afterEach(() => expectNoSecrets(logs.lines(), secrets));
afterAll(() => logs.restore());

/** Every address this file signs up or tries to: checked at the end for half-written accounts. */
const emails: string[] = [];

/** One request of a flow, ready to send, and what the database must hold after it failed or succeeded. */
interface Attempt {
  send(): Promise<Response>;
  /** Checks the database after the request failed: nothing of it half-written or half-applied. */
  expectIntact(): Promise<void>;
  /** Checks the answer and the database once the same request has succeeded. */
  expectDone(response: Response): Promise<void>;
}

interface Flow {
  name: string;
  /** Sets up what the request needs (its own account) through `worker`, before any fault is armed. */
  prepare(worker: IsolatedWorker): Promise<Attempt>;
}

/** An account of the flow's own, signed up through `worker`, with its secrets noted for the log check. */
async function accountThrough(worker: IsolatedWorker) {
  const account = await signUp(BEFORE, { call: worker.call });
  emails.push(account.email);
  const [stored] = await accountsFor(concurrentDatabase, account.email);
  secrets.push(account.email, account.password, account.token, stored?.credentials[0]?.password ?? "");
  return { ...account, stored };
}

/** The profile update, with the caller known by `credential`: a bare session token or a browser's cookies. */
function profileUpdate(credential: "session token" | "cookie"): Flow {
  return {
    name: `profile update (${credential})`,
    async prepare(worker) {
      const account = await accountThrough(worker);
      const before = await storedProfile(concurrentDatabase, account.userId);
      const headers = credential === "cookie" ? account.browser.header : bearer(account);
      return {
        send: () => worker.call("/api/user/profile", jsonRequest("PUT", AFTER, headers)),
        async expectIntact() {
          // The change is one statement: applied whole (its answer lost afterwards) or not at all.
          const now = await storedProfile(concurrentDatabase, account.userId);
          if (now?.software_level === AFTER.software_level) {
            expect(now).toMatchObject({ ...AFTER, profile_status: "active" });
            expect(now.profile_updated_at?.getTime()).toBeGreaterThan(before?.profile_updated_at?.getTime() ?? 0);
          } else expect(now).toEqual(before);
        },
        async expectDone(response) {
          expect(response.status).toBe(200);
          expect(await storedProfile(concurrentDatabase, account.userId)).toMatchObject(AFTER);
        },
      };
    },
  };
}

const FLOWS: Flow[] = [
  {
    name: "sign-up",
    async prepare(worker) {
      const email = newEmail();
      emails.push(email);
      secrets.push(email);
      return {
        send: () => worker.call("/api/auth/signup", jsonRequest("POST", { email, password: PASSWORD, ...BEFORE })),
        async expectIntact() {
          // User, credential account, profile and session are one batch: none of them, or the sign-up is whole.
          expect(await accountsFor(concurrentDatabase, email)).toEqual([]);
        },
        async expectDone(response) {
          expect(response.status).toBe(201);
          secrets.push(((await response.json()) as { session_token: string }).session_token);
          const stored = await accountsFor(concurrentDatabase, email);
          expect(stored).toHaveLength(1);
          expectWholeAccount(stored[0], BEFORE);
          secrets.push(stored[0]?.credentials[0]?.password ?? "");
        },
      };
    },
  },
  {
    name: "sign-in",
    async prepare(worker) {
      const account = await accountThrough(worker);
      const sessionsBefore = account.stored?.sessions.map((row) => row.id);
      return {
        send: () => signIn(account, { call: worker.call }),
        async expectIntact() {
          const [stored] = await accountsFor(concurrentDatabase, account.email);
          expectWholeAccount(stored, BEFORE);
          expect(stored?.sessions.map((row) => row.id)).toEqual(sessionsBefore);
        },
        async expectDone(response) {
          expect(response.status).toBe(200);
          secrets.push(((await response.json()) as { session_token: string }).session_token);
          const [stored] = await accountsFor(concurrentDatabase, account.email);
          expect(stored?.sessions).toHaveLength((sessionsBefore?.length ?? 0) + 1);
        },
      };
    },
  },
  profileUpdate("session token"),
  profileUpdate("cookie"),
  {
    name: "device registration",
    async prepare(worker) {
      const account = await accountThrough(worker);
      const token = `fault_${crypto.randomUUID().replaceAll("-", "")}`;
      const devices = () => concurrentDatabase.select().from(device).where(eq(device.userId, account.userId));
      return {
        send: () => worker.call("/api/user/devices", jsonRequest("POST", { platform: "ios", token }, bearer(account))),
        async expectIntact() {
          // One statement batch: the device whole (its answer lost afterwards) or none.
          const rows = await devices();
          expect(rows.length).toBeLessThanOrEqual(1);
          if (rows[0]) expect(rows[0]).toMatchObject({ token, platform: "ios" });
        },
        async expectDone(response) {
          expect([200, 201]).toContain(response.status);
          expect(await devices()).toEqual([expect.objectContaining({ token })]);
        },
      };
    },
  },
  {
    name: "notification send",
    async prepare(worker) {
      const admin = await accountThrough(worker);
      await concurrentDatabase.update(user).set({ role: "admin" }).where(eq(user.id, admin.userId));
      const title = `fault ${crypto.randomUUID()}`;
      const sent = () => concurrentDatabase.select().from(notification).where(eq(notification.title, title));
      const body = { user_ids: [admin.userId], event: "fault.test", title, body: "Faults" };
      return {
        send: () => worker.call("/api/admin/notifications", jsonRequest("POST", body, bearer(admin))),
        async expectIntact() {
          expect((await sent()).length).toBeLessThanOrEqual(1);
        },
        async expectDone(response) {
          expect(response.status).toBe(202);
          const { id } = (await response.json()) as { id: string };
          expect((await sent()).map((row) => row.id)).toContain(id);
        },
      };
    },
  },
];

/** Round trips the flow makes when nothing fails: the range of N to fail. */
async function roundTrips(flow: Flow): Promise<number> {
  const worker = isolatedWorker("faults_clean");
  const attempt = await flow.prepare(worker);
  const before = (await worker.counts()).requests;
  await attempt.expectDone(await attempt.send());
  return (await worker.counts()).requests - before;
}

type Kind = "connection" | "http500" | "timeout";

/** Fails round trip `n` of the flow the way `kind` says; checks the answer, the database, and a retry. */
async function failAt(flow: Flow, kind: Kind, n: number) {
  const worker = isolatedWorker("faults");
  const attempt = await flow.prepare(worker);
  const before = (await worker.counts()).requests;
  await worker.fault({ kind, skip: n - 1 });
  const started = Date.now();
  const response = await attempt.send();
  const elapsed = Date.now() - started;

  const context = `${flow.name}, round trip ${n} failing (${kind})`;
  await expectProblem(response, 503, "DATABASE_UNAVAILABLE");
  expect(response.headers.get("retry-after"), context).toBe("5");
  // No session cookie for a session that may not exist (a re-signed cache of the one that does is fine).
  expect(
    response.headers.getSetCookie().filter((cookie) => cookie.includes("session_token=")),
    context,
  ).toEqual([]);
  // The request stopped at the failing round trip: the fault hit the Nth, and nothing came after it.
  expect((await worker.counts()).requests - before, context).toBe(n);
  if (kind === "timeout") {
    // The driver gave up after its timeout (not sooner, which would mean another failure) and did not hang.
    expect(elapsed, context).toBeGreaterThanOrEqual(DATABASE_TIMEOUT_MS - 1_000);
    expect(elapsed, context).toBeLessThan(DATABASE_TIMEOUT_MS + 1_000);
  }
  await attempt.expectIntact();
  // The database is back: the same request now succeeds, from whatever the failure left.
  await attempt.expectDone(await attempt.send());
}

describe(`on ${concurrent.backend}`, () => {
  const KINDS: Kind[] = ["connection", "http500", "timeout"];
  // Each attempt has its own account and application_name, so the Ns of a flow fail side by side; the
  // timeouts, which each wait out the driver's timeout, run concurrently across flows too.
  describe.each(KINDS)("the database failing with %s", (kind) => {
    const describeFlows = kind === "timeout" ? describe.concurrent : describe;
    describeFlows("at every round trip", () => {
      it.each(FLOWS)(
        "$name: 503 with Retry-After, nothing half-written, then works again",
        async (flow) => {
          const trips = await roundTrips(flow);
          expect(trips).toBeGreaterThan(0);
          await Promise.all(Array.from({ length: trips }, (_, index) => failAt(flow, kind, index + 1)));
        },
        30_000,
      );
    });
  });

  // After every flow and retry, and whatever the Worker finished after its answers: each address this file
  // used has a user with its credential, profile and session, or nothing at all.
  it("leaves every account it touched whole or absent", async () => {
    const { whole, halfWritten } = await halfWrittenAccounts(concurrentDatabase, emails);
    expect(whole, "accounts found to check").toBeGreaterThan(0);
    expect(halfWritten).toEqual([]);
  });
});
