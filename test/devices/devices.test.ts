/** /api/user/devices: registering push tokens, moving them, listing without them, and when they go. */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { device } from "../../src/db/schema";
import { accessToken, bearer, jsonRequest, signUp } from "../helpers/accounts";
import { testDatabase } from "../helpers/admin";
import { expectProblem } from "../helpers/problem";
import { newSession } from "../helpers/sessions";
import { uniqueName } from "../helpers/unique-name";
import { callWorker, ORIGIN } from "../helpers/worker";

interface Device {
  id: string;
  platform: string;
  token_ending: string;
  app_version: string | null;
  device_name: string | null;
  current: boolean;
  last_seen_at: string;
}

const pushToken = () => `${uniqueName("fcm").replace(/[^\w]/g, "")}:APA91b${"x".repeat(120)}`;

function register(token: string, body: Record<string, unknown>) {
  return callWorker("/api/user/devices", jsonRequest("POST", body, { ...bearer({ token }), origin: ORIGIN }));
}

async function devicesOf(token: string): Promise<Device[]> {
  const response = await callWorker("/api/user/devices", { headers: bearer({ token }) });
  expect(response.status).toBe(200);
  return ((await response.json()) as { devices: Device[] }).devices;
}

describe("registering a device", () => {
  it("answers 201 with the device, which the list shows without its token", async () => {
    const account = await signUp();
    const token = pushToken();
    const response = await register(account.token, {
      platform: "android",
      token,
      app_version: "2.4.1",
      device_name: "Pixel 9",
    });
    expect(response.status).toBe(201);
    const created = (await response.json()) as Device;
    expect(created).toMatchObject({
      platform: "android",
      token_ending: token.slice(-6),
      app_version: "2.4.1",
      device_name: "Pixel 9",
      current: true,
    });
    const listed = await devicesOf(account.token);
    expect(listed).toEqual([created]);
    expect(JSON.stringify(listed)).not.toContain(token);
  });

  it("again: the same device, moved to the new session, last_seen_at refreshed (200)", async () => {
    const account = await signUp();
    const token = pushToken();
    const first = (await (await register(account.token, { platform: "ios", token })).json()) as Device;
    const laterSession = await newSession(account);
    const again = await register(laterSession, { platform: "ios", token, app_version: "3.0" });
    expect(again.status).toBe(200);
    const moved = (await again.json()) as Device;
    expect(moved).toMatchObject({ id: first.id, app_version: "3.0", current: true });
    expect(Date.parse(moved.last_seen_at)).toBeGreaterThanOrEqual(Date.parse(first.last_seen_at));
    expect((await devicesOf(account.token))[0]).toMatchObject({ id: first.id, current: false });
  });

  it("a token another user registered moves to the caller: it leaves the other's list", async () => {
    const previous = await signUp();
    const next = await signUp();
    const token = pushToken();
    await register(previous.token, { platform: "android", token });
    expect((await register(next.token, { platform: "android", token })).status).toBe(200);
    expect(await devicesOf(previous.token)).toEqual([]);
    expect(await devicesOf(next.token)).toHaveLength(1);
  });

  it("works with an access token, as a mobile app's requests do", async () => {
    const account = await signUp();
    const response = await register(await accessToken(account.token), { platform: "web", token: pushToken() });
    expect(response.status).toBe(201);
  });

  it("refuses what is not a device, naming the field", async () => {
    const account = await signUp();
    const cases: [Record<string, unknown>, string][] = [
      [{ platform: "windows", token: pushToken() }, "body.platform"],
      [{ platform: "ios", token: "short" }, "body.token"],
      [{ platform: "ios", token: "has spaces in it and more" }, "body.token"],
      [{ platform: "ios", token: pushToken(), app_version: "x".repeat(40) }, "body.app_version"],
      [{ platform: "ios", token: pushToken(), device_name: "a\u0000b" }, "body.device_name"],
    ];
    for (const [body, location] of cases) {
      const problem = await expectProblem(await register(account.token, body), 400, "VALIDATION_FAILED");
      expect(problem.errors).toContainEqual(expect.objectContaining({ location }));
    }
    expect(await devicesOf(account.token)).toEqual([]);
  });

  it("registers for the caller whatever user or session the body names", async () => {
    const caller = await signUp();
    const victim = await signUp();
    const token = pushToken();
    const response = await register(caller.token, {
      platform: "ios",
      token,
      user_id: victim.userId,
      userId: victim.userId,
      session_id: "planted",
    });
    expect(response.status).toBe(201);
    const [row] = await testDatabase.select().from(device).where(eq(device.token, token));
    expect(row?.userId).toBe(caller.userId);
    expect(await devicesOf(victim.token)).toEqual([]);
  });

  it("keeps the 20 most recently seen devices of a user", async () => {
    const account = await signUp();
    const tokens = Array.from({ length: 21 }, pushToken);
    for (const token of tokens)
      expect((await register(account.token, { platform: "android", token })).status).toBe(201);
    const rows = await testDatabase
      .select({ token: device.token })
      .from(device)
      .where(eq(device.userId, account.userId));
    expect(rows).toHaveLength(20);
    expect(rows.map((row) => row.token)).not.toContain(tokens[0]);
  });
});

describe("removing devices", () => {
  it("DELETE unregisters one of the caller's devices; another user's is not found", async () => {
    const owner = await signUp();
    const other = await signUp();
    const created = (await (await register(owner.token, { platform: "ios", token: pushToken() })).json()) as Device;
    const remove = (token: string) =>
      callWorker(`/api/user/devices/${created.id}`, {
        method: "DELETE",
        headers: { ...bearer({ token }), origin: ORIGIN },
      });
    await expectProblem(await remove(other.token), 404, "NOT_FOUND");
    expect(await devicesOf(owner.token)).toHaveLength(1);
    expect(await (await remove(owner.token)).json()).toEqual({ success: true });
    expect(await devicesOf(owner.token)).toEqual([]);
    await expectProblem(await remove(owner.token), 404, "NOT_FOUND");
  });

  it("signing out the session that registered a device unregisters it; other sessions' devices stay", async () => {
    const account = await signUp();
    const phone = await newSession(account);
    await register(phone, { platform: "android", token: pushToken() });
    await register(account.token, { platform: "web", token: pushToken() });
    const signOut = await callWorker(
      "/api/auth/sign-out",
      jsonRequest("POST", {}, { ...bearer({ token: phone }), origin: ORIGIN }),
    );
    expect(signOut.status).toBe(200);
    expect((await devicesOf(account.token)).map((entry) => entry.platform)).toEqual(["web"]);
  });

  it("deleting the account removes its devices at once", async () => {
    const account = await signUp();
    await register(account.token, { platform: "android", token: pushToken() });
    expect(await devicesOf(account.token)).toHaveLength(1);
    const deleted = await callWorker(
      "/api/user",
      jsonRequest("DELETE", { password: account.password }, { ...bearer(account), origin: ORIGIN }),
    );
    expect(deleted.status).toBe(200);
    expect(await testDatabase.select().from(device).where(eq(device.userId, account.userId))).toEqual([]);
  });

  it("a session revoked after its access token was issued registers nothing", async () => {
    const account = await signUp();
    const phone = await newSession(account);
    const token = await accessToken(phone);
    const [listed] = await (await callWorker("/api/user/sessions", { headers: bearer(account) }))
      .json()
      .then((body) =>
        (body as { sessions: { id: string; current: boolean }[] }).sessions.filter((entry) => !entry.current),
      );
    // Revoked behind this isolate's back, as another edge would: straight in the database.
    await testDatabase.execute(`delete from session where id = '${listed?.id}'`);
    await expectProblem(await register(token, { platform: "ios", token: pushToken() }), 401, "UNAUTHENTICATED");
    expect(await devicesOf(account.token)).toEqual([]);
  });
});
