/** /api/user/sessions: sessions as devices, revoked one by one, all the others, or everywhere. */
import { describe, expect, it } from "vitest";
import { bearer, jsonRequest, signUp } from "../helpers/accounts";
import { expectProblem } from "../helpers/problem";
import { isSignedIn, newSession } from "../helpers/sessions";
import { callWorker, ORIGIN } from "../helpers/worker";

const FIREFOX_LINUX = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0";
const SAFARI_IPHONE =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1";

interface DeviceSession {
  id: string;
  device: string;
  country: string | null;
  timezone: string | null;
  current: boolean;
  created_at: string;
  last_active_at: string;
}

const from = (userAgent: string) => ({ headers: { "user-agent": userAgent } });

async function sessionsOf(token: string): Promise<DeviceSession[]> {
  const response = await callWorker("/api/user/sessions", { headers: bearer({ token }) });
  expect(response.status).toBe(200);
  return ((await response.json()) as { sessions: DeviceSession[] }).sessions;
}

describe("GET /api/user/sessions", () => {
  it("lists each device with a readable label, where the edge saw it, and which one is current", async () => {
    const account = await signUp();
    const phone = await newSession(account, {
      ...from(SAFARI_IPHONE),
      cf: { country: "DE", timezone: "Europe/Berlin" },
    });
    const laptop = await newSession(account, from(FIREFOX_LINUX));
    const sessions = await sessionsOf(laptop);
    expect(sessions).toHaveLength(3);
    expect(sessions.filter((entry) => entry.current)).toEqual([
      expect.objectContaining({ device: "Firefox on Linux" }),
    ]);
    expect(sessions).toContainEqual(
      expect.objectContaining({ device: "Safari on iPhone", country: "DE", timezone: "Europe/Berlin", current: false }),
    );
    const listed = JSON.stringify(sessions);
    for (const token of [phone, laptop, account.token]) expect(listed).not.toContain(token);
  });
});

describe("revoking sessions", () => {
  it("one: its token stops working at once; the others keep working", async () => {
    const account = await signUp();
    const phone = await newSession(account, from(SAFARI_IPHONE));
    const target = (await sessionsOf(account.token)).find((entry) => entry.device === "Safari on iPhone");
    const response = await callWorker(`/api/user/sessions/${target?.id}`, {
      method: "DELETE",
      headers: bearer(account),
    });
    expect(await response.json()).toEqual({ success: true, revoked: 1 });
    expect(await isSignedIn(bearer({ token: phone }))).toBe(false);
    expect(await isSignedIn(bearer(account))).toBe(true);
  });

  it("not someone else's: 404, and theirs keeps working", async () => {
    const alice = await signUp();
    const mallory = await signUp();
    const [aliceSession] = await sessionsOf(alice.token);
    await expectProblem(
      await callWorker(`/api/user/sessions/${aliceSession?.id}`, { method: "DELETE", headers: bearer(mallory) }),
      404,
      "NOT_FOUND",
    );
    expect(await isSignedIn(bearer(alice))).toBe(true);
  });

  it("all the others: only the caller's stays", async () => {
    const account = await signUp();
    const phone = await newSession(account, from(SAFARI_IPHONE));
    const laptop = await newSession(account, from(FIREFOX_LINUX));
    const response = await callWorker("/api/user/sessions/revoke-others", {
      method: "POST",
      headers: bearer({ token: laptop }),
    });
    expect(await response.json()).toEqual({ success: true, revoked: 2 });
    const tokens = [account.token, phone, laptop];
    expect(await Promise.all(tokens.map((token) => isSignedIn(bearer({ token }))))).toEqual([false, false, true]);
  });

  it("everywhere (Better Auth's revoke-sessions): none stays", async () => {
    const account = await signUp();
    const phone = await newSession(account, from(SAFARI_IPHONE));
    const response = await callWorker(
      "/api/auth/revoke-sessions",
      jsonRequest("POST", {}, { ...bearer(account), origin: ORIGIN }),
    );
    expect(response.status).toBe(200);
    const tokens = [account.token, phone];
    expect(await Promise.all(tokens.map((token) => isSignedIn(bearer({ token }))))).toEqual([false, false]);
  });
});
