/**
 * POST /api/auth/sign-out as `curl -X POST` sends it: a bearer session token, no Content-Type, no body.
 * Over HTTP that reaches the Worker as a body of 0 bytes, which Better Auth alone answers 415; an empty
 * body is no body, so it signs out. A body it cannot read is still refused.
 */
import { describe, expect, it } from "vitest";
import { bearer, signUp, type TestAccount } from "../helpers/accounts";
import { expectProblem } from "../helpers/problem";
import { callWorker, ORIGIN } from "../helpers/worker";

/** What curl adds by itself to `curl -s -X POST <url> -H "authorization: Bearer $TOKEN"`. */
const CURL_HEADERS = { accept: "*/*", "user-agent": "curl/8.5.0" };

/** As the Worker receives curl's POST: a request body of 0 bytes (not a missing one), no Content-Type. */
const NOTHING = new Uint8Array(0);

function signOut(headers: Record<string, string>, body: BodyInit | null = NOTHING) {
  return callWorker("/api/auth/sign-out", { method: "POST", headers: { ...CURL_HEADERS, ...headers }, body });
}

async function expectSignedOut(account: TestAccount) {
  await expectProblem(await callWorker("/api/user/profile", { headers: bearer(account) }), 401, "UNAUTHENTICATED");
  const session = await callWorker("/api/auth/get-session", { headers: bearer(account) });
  expect(await session.json()).toBeNull();
}

async function expectStillSignedIn(account: TestAccount) {
  expect((await callWorker("/api/user/profile", { headers: bearer(account) })).status).toBe(200);
}

describe("POST /api/auth/sign-out without Content-Type or body", () => {
  it.each([
    ["as curl sends it", {}],
    ["with the API's Origin, as the README shows", { origin: ORIGIN }],
  ])("%s: 200, and the session token no longer works", async (_, headers) => {
    const account = await signUp();
    const response = await signOut({ ...bearer(account), ...headers });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ success: true });
    await expectSignedOut(account);
  });

  it("with no request body at all: the same", async () => {
    const account = await signUp();
    const response = await signOut(bearer(account), null);
    expect(response.status).toBe(200);
    await expectSignedOut(account);
  });
});

describe("POST /api/auth/sign-out with a body but no Content-Type", () => {
  it("is refused as before, 415, and the session goes on", async () => {
    const account = await signUp();
    // Bytes, not a string: a string body would get `text/plain` from the Request constructor.
    const response = await signOut(bearer(account), new TextEncoder().encode("{}"));
    expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    await expectProblem(response, 415, "UNSUPPORTED_MEDIA_TYPE");
    await expectStillSignedIn(account);
  });
});
