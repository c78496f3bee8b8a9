/**
 * Session lifetimes, with this isolate's clock moved: a session idle past its expiry ends, and one kept
 * busy ends all the same 30 days after its sign-in (migration 0009). Each sign-in gets a new token.
 */
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { session } from "../../src/db/schema";
import { bearer, signUp } from "../helpers/accounts";
import { testDatabase } from "../helpers/admin";
import { isSignedIn, newSession } from "../helpers/sessions";
import { callWorker, ORIGIN } from "../helpers/worker";

const DAY_MS = 24 * 60 * 60 * 1000;

afterEach(() => {
  vi.useRealTimers();
});

function clockAt(time: number) {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(time);
}

/**
 * How a client keeps its session alive: GETs never write (`deferSessionRefresh`), so get-session answers
 * `needsRefresh` and the client POSTs it, which extends the session (at most daily).
 */
const touch = (token: string) =>
  callWorker("/api/auth/get-session", { method: "POST", headers: { ...bearer({ token }), origin: ORIGIN } });

describe("session lifetime", () => {
  it("an idle session ends at its expiry (7 days)", async () => {
    const start = Date.now();
    const account = await signUp();
    clockAt(start + 6 * DAY_MS);
    expect(await isSignedIn(bearer(account))).toBe(true);
    clockAt(start + 7 * DAY_MS + 60_000);
    expect(await isSignedIn(bearer(account))).toBe(false);
  });

  it("a busy session is extended, but never past 30 days from its sign-in", async () => {
    const start = Date.now();
    const account = await signUp();
    for (const day of [6, 12, 18, 24]) {
      clockAt(start + day * DAY_MS);
      expect((await touch(account.token)).status).toBe(200);
    }
    const [row] = await testDatabase.select().from(session).where(eq(session.token, account.token));
    expect(row?.expiresAt.getTime()).toBe((row?.createdAt.getTime() ?? 0) + 30 * DAY_MS);

    clockAt(start + 29 * DAY_MS);
    expect(await isSignedIn(bearer(account))).toBe(true);
    clockAt(start + 30 * DAY_MS + 60_000);
    expect(await isSignedIn(bearer(account))).toBe(false);
  });

  it("every sign-in gets a new session token", async () => {
    const account = await signUp();
    const tokens = new Set([account.token]);
    for (let attempt = 0; attempt < 2; attempt += 1) {
      tokens.add(await newSession(account));
    }
    expect(tokens.size).toBe(3);
  });
});
