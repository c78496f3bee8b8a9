/**
 * The database failing the Nth round trip of sign-up, sign-in, a profile update, a device registration and
 * a notification send, for every N and three ways of failing (test/helpers/fault-matrix.ts): always 503 with
 * Retry-After, never a half-written account or a half-applied change, and the flow works again once the
 * database does. The sign-in methods of the plugins have their own file (sign-in-method-faults.test.ts).
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { device, notification, session, user } from "../../src/db/schema";
import { bearer, jsonRequest, newEmail, signIn } from "../helpers/accounts";
import { concurrent, concurrentDatabase } from "../helpers/concurrent-database";
import { describeFaultMatrix, type Flow, faultLedger } from "../helpers/fault-matrix";
import { accountsFor, expectWholeAccount, halfWrittenAccounts, storedProfile } from "../helpers/integrity";
import { ORIGIN } from "../helpers/worker";

const PASSWORD = "fault tolerant passphrase";
const BEFORE = { software_level: "beginner", hardware_background: "robotics" };
const AFTER = { software_level: "advanced", hardware_background: "other" };

// Everything the Worker logs while the database fails: no email, password, hash, token or query in it.
const { secrets, emails, accountThrough } = faultLedger(BEFORE, PASSWORD);

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
    name: "sign-out",
    async prepare(worker) {
      const account = await accountThrough(worker);
      // Signed in on a second device too, which stays signed in (and keeps the account whole for the end).
      expect((await signIn(account, { call: worker.call })).status).toBe(200);
      const live = async () =>
        (await concurrentDatabase.select().from(session).where(eq(session.token, account.token))).length > 0;
      return {
        send: () =>
          worker.call("/api/auth/sign-out", jsonRequest("POST", {}, { origin: ORIGIN, ...account.browser.header })),
        // Signed out or not yet, either is whole. What the 503 rules out is a sign-out reported done with the
        // session alive: Better Auth skips the delete when the read before it fails, and answers success.
        async expectIntact() {},
        async expectDone(response) {
          expect(response.status).toBe(200);
          expect(await live()).toBe(false);
        },
      };
    },
  },
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

describe(`on ${concurrent.backend}`, () => {
  describeFaultMatrix(FLOWS);

  // After every flow and retry, and whatever the Worker finished after its answers: each address this file
  // used has a user with its credential, profile and session, or nothing at all.
  it("leaves every account it touched whole or absent", async () => {
    const { whole, halfWritten } = await halfWrittenAccounts(concurrentDatabase, emails);
    expect(whole, "accounts found to check").toBeGreaterThan(0);
    expect(halfWritten).toEqual([]);
  });
});
