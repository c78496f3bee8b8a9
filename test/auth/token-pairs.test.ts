/**
 * Token pairs for mobile apps (seed 004's TokenResponse and RefreshTokenRequest): sign-in answers the pair
 * instead of a cookie, a refresh token works once and rotates, and one presented again ends its whole
 * chain, devices included.
 */
import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { session, spentRefreshToken } from "../../src/db/schema";
import { bearer, jsonRequest, signUp, type TestAccount } from "../helpers/accounts";
import { testDatabase } from "../helpers/admin";
import { captureConsole } from "../helpers/console-capture";
import { fcmToken, registerDevice } from "../helpers/notifications";
import { expectProblem } from "../helpers/problem";
import { isSignedIn, newSession } from "../helpers/sessions";
import { callWorker } from "../helpers/worker";

const logs = captureConsole();
afterAll(() => logs.restore());

interface Pair {
  access_token: string;
  refresh_token: string;
  token_type: string;
  user_id: string;
  expires_in: number;
}

/** Our sign-in as a mobile app asks for it: a token pair, with what the app says about itself. */
function askForPair(account: TestAccount, deviceInfo?: Record<string, string>): Promise<Response> {
  const body = { email: account.email, password: account.password, token_pair: true, device_info: deviceInfo };
  return callWorker("/api/auth/signin", jsonRequest("POST", body));
}

async function mobileSignIn(account: TestAccount, deviceInfo?: Record<string, string>): Promise<Pair> {
  const response = await askForPair(account, deviceInfo);
  expect(response.status).toBe(200);
  expect(response.headers.getSetCookie()).toEqual([]);
  return (await response.json()) as Pair;
}

const refresh = (refresh_token: unknown) => callWorker("/api/auth/refresh", jsonRequest("POST", { refresh_token }));

async function refreshed(token: string): Promise<Pair> {
  const response = await refresh(token);
  expect(response.status).toBe(200);
  return (await response.json()) as Pair;
}

/** Makes the token's rotation look older than the grace for a client's retried request. */
async function ageSpentTokens(userId: string) {
  await testDatabase
    .update(spentRefreshToken)
    .set({ spentAt: new Date(Date.now() - 60_000) })
    .where(eq(spentRefreshToken.userId, userId));
}

describe("signing in for a token pair", () => {
  it("answers the seed's shape, with no cookie; the access token works at the edge", async () => {
    const account = await signUp();
    const pair = await mobileSignIn(account, { name: "Ada's Pixel", platform: "android", app_version: "2.4.1" });
    expect(pair).toEqual({
      access_token: expect.stringMatching(/^eyJ/),
      refresh_token: expect.any(String),
      token_type: "bearer",
      user_id: account.userId,
      expires_in: 60,
    });
    expect(await isSignedIn(bearer({ token: pair.access_token }))).toBe(true);
    const sessions = await callWorker("/api/user/sessions", { headers: bearer({ token: pair.access_token }) });
    const { sessions: list } = (await sessions.json()) as { sessions: Record<string, unknown>[] };
    expect(list.find((entry) => entry.current)).toMatchObject({
      device: "Ada's Pixel",
      device_info: { name: "Ada's Pixel", platform: "android", app_version: "2.4.1" },
    });
  });

  it("refuses a device_info that is not one, naming the field", async () => {
    const account = await signUp();
    const response = await askForPair(account, { platform: "nokia" });
    const problem = await expectProblem(response, 400, "VALIDATION_FAILED");
    expect(problem.errors).toContainEqual(expect.objectContaining({ location: "body.device_info.platform" }));
  });
});

describe("refreshing", () => {
  it("answers the next pair; the old refresh token and its access token stop working", async () => {
    const account = await signUp();
    const first = await mobileSignIn(account);
    const second = await refreshed(first.refresh_token);
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(second.access_token).not.toBe(first.access_token);
    expect(await isSignedIn(bearer({ token: second.access_token }))).toBe(true);
    expect(await isSignedIn(bearer({ token: second.refresh_token }))).toBe(true);
    expect(await isSignedIn(bearer({ token: first.refresh_token }))).toBe(false);
    // Revoked at this edge at once; elsewhere it lapses within the freshness bound.
    expect(await isSignedIn(bearer({ token: first.access_token }))).toBe(false);
    // Sent again within seconds (a retried request): refused, and the chain lives on.
    await expectProblem(await refresh(first.refresh_token), 401, "UNAUTHENTICATED");
    expect(await isSignedIn(bearer({ token: second.refresh_token }))).toBe(true);
    expect((await refreshed(second.refresh_token)).user_id).toBe(account.userId);
  });

  it("keeps the chain's sign-in time: the 30-day bound still holds", async () => {
    const account = await signUp();
    const pair = await mobileSignIn(account);
    const signedInAt = new Date(Date.now() - 29 * 86_400_000);
    await testDatabase.update(session).set({ createdAt: signedInAt }).where(eq(session.token, pair.refresh_token));
    const next = await refreshed(pair.refresh_token);
    const [row] = await testDatabase.select().from(session).where(eq(session.token, next.refresh_token));
    expect(row?.createdAt.getTime()).toBe(signedInAt.getTime());
    expect(row?.expiresAt.getTime()).toBeLessThanOrEqual(signedInAt.getTime() + 30 * 86_400_000);
  });

  it("moves the devices the old session registered to the new one", async () => {
    const account = await signUp();
    const pair = await mobileSignIn(account);
    const deviceId = await registerDevice(pair.access_token, fcmToken());
    const next = await refreshed(pair.refresh_token);
    const response = await callWorker("/api/user/devices", { headers: bearer({ token: next.access_token }) });
    expect(((await response.json()) as { devices: unknown[] }).devices).toEqual([
      expect.objectContaining({ id: deviceId, current: true }),
    ]);
  });

  it("a rotated-out token presented again ends the whole chain and its devices, not the user's other sessions", async () => {
    const account = await signUp();
    const laptop = await newSession(account);
    const first = await mobileSignIn(account);
    await registerDevice(first.access_token, fcmToken());
    const second = await refreshed(first.refresh_token);
    const third = await refreshed(second.refresh_token);
    await ageSpentTokens(account.userId);

    await expectProblem(await refresh(first.refresh_token), 401, "UNAUTHENTICATED");
    expect(await isSignedIn(bearer({ token: third.refresh_token }))).toBe(false);
    await expectProblem(await refresh(third.refresh_token), 401, "UNAUTHENTICATED");
    expect(await isSignedIn(bearer({ token: laptop }))).toBe(true);
    const devices = await callWorker("/api/user/devices", { headers: bearer({ token: laptop }) });
    expect(((await devices.json()) as { devices: unknown[] }).devices).toEqual([]);
    expect(logs.lines().some((line) => line.includes("refresh_token_reused") && line.includes(account.userId))).toBe(
      true,
    );
  });

  it("refuses an unknown refresh token with 401, and what is no token with 400", async () => {
    await expectProblem(await refresh("x".repeat(32)), 401, "UNAUTHENTICATED");
    for (const token of ["", "short", "has spaces in it here", 12345, null]) {
      const problem = await expectProblem(await refresh(token), 400, "VALIDATION_FAILED");
      expect(problem.errors).toContainEqual(expect.objectContaining({ location: "body.refresh_token" }));
    }
  });
});
