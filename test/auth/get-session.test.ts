/**
 * GET /api/auth/get-session in Better Auth's format for every credential: an access token is answered
 * from its claims in the isolate (no round trip, never the session token), a session token or a cookie by
 * Better Auth itself.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { accessToken, bearer, signUp, type TestAccount } from "../helpers/accounts";
import { countedWorker } from "../helpers/neon-local";
import { callWorker } from "../helpers/worker";

/** SESSION_FRESHNESS_SECONDS as the tests run it (the default): the access token's lifetime. */
const FRESHNESS_SECONDS = 60;

afterEach(() => {
  vi.useRealTimers();
});

interface SessionAnswer {
  session: Record<string, unknown>;
  user: Record<string, unknown>;
}

async function getSession(headers: Record<string, string>): Promise<SessionAnswer | null> {
  const response = await callWorker("/api/auth/get-session", { headers });
  expect(response.status).toBe(200);
  return (await response.json()) as SessionAnswer | null;
}

/** The JWT's claims, unverified: what the answer must be built from. */
function claimsOf(jwt: string): Record<string, unknown> {
  const [, payload = ""] = jwt.split(".");
  return JSON.parse(atob(payload.replaceAll("-", "+").replaceAll("_", "/")));
}

const base64url = (text: string) => btoa(text).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");

async function signedUpWithAccessToken(): Promise<TestAccount & { jwt: string }> {
  const account = await signUp({ software_level: "intermediate", hardware_background: "embedded systems" });
  return { ...account, jwt: await accessToken(account.token) };
}

describe("with an access token", () => {
  it("answers Better Auth's format from the token's claims, agreeing with Better Auth's own answer", async () => {
    const account = await signedUpWithAccessToken();
    const answer = await getSession(bearer({ token: account.jwt }));
    const claims = claimsOf(account.jwt);

    expect(answer).toEqual({
      session: {
        id: claims.sid,
        userId: account.userId,
        // The access token's own expiry: what this answer is good for.
        expiresAt: new Date((claims.exp as number) * 1000).toISOString(),
      },
      user: {
        id: account.userId,
        email: account.email,
        name: expect.any(String),
        image: null,
        emailVerified: false,
        // The number itself stays out of access tokens; whether one is proven does not.
        phoneNumberVerified: false,
        software_level: "intermediate",
        hardware_background: "embedded systems",
        profile_status: "active",
        profile_created_at: expect.any(String),
        profile_updated_at: expect.any(String),
      },
    });

    // Better Auth's answer for the same session (by its session token) says the same of the user.
    const own = await getSession(bearer(account));
    expect(own?.session.id).toBe(claims.sid);
    expect(own?.user).toMatchObject(answer?.user ?? {});
  });

  it("never includes the session token", async () => {
    const account = await signedUpWithAccessToken();
    const response = await callWorker("/api/auth/get-session", { headers: bearer({ token: account.jwt }) });
    const text = await response.text();
    expect(text).not.toContain(account.token);
    expect(text).not.toContain(account.token.split(".")[0]);
    expect((JSON.parse(text) as SessionAnswer).session).not.toHaveProperty("token");
  });

  it("costs no database round trip once warm", async () => {
    const account = await signedUpWithAccessToken();
    expect(await getSession(bearer({ token: account.jwt }))).not.toBeNull();

    const worker = countedWorker("get_session_jwt");
    for (let request = 0; request < 3; request += 1) {
      const response = await worker.call("/api/auth/get-session", { headers: bearer({ token: account.jwt }) });
      expect(((await response.json()) as SessionAnswer).user.id).toBe(account.userId);
    }
    expect(await worker.counts()).toMatchObject({ requests: 0 });
  });

  it("answers null for a forged token: claims changed under the signature, or the signature replaced", async () => {
    const account = await signedUpWithAccessToken();
    const other = await signUp();
    const [header = "", payload = "", signature = ""] = account.jwt.split(".");
    const claims = claimsOf(account.jwt);
    const otherUser = `${header}.${base64url(JSON.stringify({ ...claims, sub: other.userId }))}.${signature}`;
    const badSignature = `${header}.${payload}.${signature.slice(0, -4)}${signature.endsWith("AAAA") ? "BBBB" : "AAAA"}`;
    for (const forged of [otherUser, badSignature]) {
      expect(await getSession(bearer({ token: forged }))).toBeNull();
    }
  });

  it("answers null once the token has expired", async () => {
    const account = await signedUpWithAccessToken();
    expect(await getSession(bearer({ token: account.jwt }))).not.toBeNull();
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + (FRESHNESS_SECONDS + 1) * 1000);
    expect(await getSession(bearer({ token: account.jwt }))).toBeNull();
  });

  it("answers null at this edge once its session is signed out", async () => {
    const account = await signedUpWithAccessToken();
    expect(await getSession(bearer({ token: account.jwt }))).not.toBeNull();
    const signOut = await callWorker("/api/auth/sign-out", { method: "POST", headers: bearer(account) });
    expect(signOut.status).toBe(200);
    expect(await getSession(bearer({ token: account.jwt }))).toBeNull();
  });
});

describe("with a session token or a cookie", () => {
  it("a session token gets Better Auth's own answer, which carries that session token", async () => {
    const account = await signUp();
    const answer = await getSession(bearer(account));
    expect(answer?.session).toMatchObject({ token: account.token.split(".")[0], userId: account.userId });
    expect(answer?.session).toHaveProperty("createdAt");
    expect(answer?.user).toMatchObject({ id: account.userId, email: account.email, software_level: "beginner" });
  });

  it("a cookie gets Better Auth's own answer too", async () => {
    const account = await signUp();
    const answer = await getSession({ cookie: account.cookie });
    expect(answer?.session).toMatchObject({ token: expect.any(String), userId: account.userId });
    expect(answer?.session).toHaveProperty("createdAt");
    expect(answer?.user).toMatchObject({ id: account.userId, email: account.email });
  });

  it("an unknown session token gets null", async () => {
    expect(await getSession(bearer({ token: "not-a-session-token" }))).toBeNull();
  });
});
