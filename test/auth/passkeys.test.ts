/**
 * Passkeys on the server's side, in workerd, with a software authenticator (test/fakes): registration while
 * signed in, sign-in with the passkey alone, and what a ceremony refuses. Chromium's own authenticator runs
 * the same ceremonies in test/node/sign-in-in-browser.test.ts.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { passkey, session, user } from "../../src/db/schema";
import { SoftwareAuthenticator } from "../fakes/software-authenticator";
import { accessToken, bearer, jsonRequest, signUp, type TestAccount } from "../helpers/accounts";
import { testDatabase } from "../helpers/admin";
import { CookieJar } from "../helpers/cookies";
import { countedWorker } from "../helpers/neon-local";
import { expectProblem } from "../helpers/problem";
import { callWorker, ORIGIN } from "../helpers/worker";

type Call = (path: string, init?: RequestInit) => Promise<Response>;

/** A browser's page on the API's origin: it sends Origin and keeps cookies, as fetch with credentials does. */
function page(jar: CookieJar, call: Call = callWorker) {
  return {
    async get(path: string) {
      const response = await call(path, { headers: { origin: ORIGIN, ...jar.header } });
      jar.take(response);
      return response;
    },
    async post(path: string, body: unknown) {
      const response = await call(path, jsonRequest("POST", body, { origin: ORIGIN, ...jar.header }));
      jar.take(response);
      return response;
    },
  };
}

/** Signs up and adds a passkey named "Laptop" from the same (fresh) session. */
async function withPasskey(): Promise<TestAccount & { authenticator: SoftwareAuthenticator }> {
  const account = await signUp();
  const authenticator = new SoftwareAuthenticator(ORIGIN);
  const browser = page(account.browser.clone());
  const options = await browser.get("/api/auth/passkey/generate-register-options?name=Laptop");
  expect(options.status).toBe(200);
  const registered = await browser.post("/api/auth/passkey/verify-registration", {
    response: await authenticator.register(await options.json()),
    name: "Laptop",
  });
  expect(registered.status).toBe(200);
  return { ...account, authenticator };
}

/** A sign-in ceremony from a browser with no session: options, then the authenticator's assertion. */
async function passkeySignIn(authenticator: SoftwareAuthenticator, jar = new CookieJar(), call?: Call) {
  const browser = page(jar, call);
  const options = await browser.get("/api/auth/passkey/generate-authenticate-options");
  expect(options.status).toBe(200);
  const assertion = await authenticator.authenticate(await options.json());
  return {
    response: await browser.post("/api/auth/passkey/verify-authentication", { response: assertion }),
    assertion,
  };
}

describe("passkeys", () => {
  it("register while signed in, then sign in with the passkey alone; the session works at the edge, warm with no round trip", async () => {
    const account = await withPasskey();
    const [stored] = await testDatabase.select().from(passkey).where(eq(passkey.userId, account.userId));
    expect(stored).toMatchObject({ name: "Laptop", deviceType: "singleDevice", transports: "internal" });

    const jar = new CookieJar();
    const { response } = await passkeySignIn(account.authenticator, jar);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { session: { token: string }; user: { email: string } };
    expect(body.user.email).toBe(account.email);
    expect(jar.has("session_data")).toBe(true);

    const jwt = await accessToken(body.session.token);
    // Warm: this isolate has read the signing keys once (a cold isolate reads them on its first token).
    await callWorker("/api/personalization/context", { headers: bearer({ token: jwt }) });
    const worker = countedWorker("passkey_warm");
    for (const headers of [jar.header, bearer({ token: jwt })]) {
      const context = await worker.call("/api/personalization/context", { headers });
      expect(context.status).toBe(200);
      expect(await context.json()).toMatchObject({ user_context: { software_level: "beginner" } });
    }
    expect(await worker.counts()).toMatchObject({ requests: 0 });
  });

  it("a challenge works once: the same assertion sent again signs nobody in", async () => {
    const account = await withPasskey();
    const jar = new CookieJar();
    const { response, assertion } = await passkeySignIn(account.authenticator, jar);
    expect(response.status).toBe(200);
    const sessions = await testDatabase.select().from(session).where(eq(session.userId, account.userId));
    const replayed = await callWorker(
      "/api/auth/passkey/verify-authentication",
      jsonRequest("POST", { response: assertion }, { origin: ORIGIN, ...jar.header }),
    );
    await expectProblem(replayed, 400, "BAD_REQUEST");
    expect(await testDatabase.select().from(session).where(eq(session.userId, account.userId))).toHaveLength(
      sessions.length,
    );
  });

  it("refuse an assertion signed for another challenge, or by a key the server does not know", async () => {
    const account = await withPasskey();
    const jar = new CookieJar();
    const browser = page(jar);
    await browser.get("/api/auth/passkey/generate-authenticate-options");
    const forged = await account.authenticator.authenticate({ challenge: "c29tZSBvdGhlciBjaGFsbGVuZ2U" });
    await expectProblem(
      await browser.post("/api/auth/passkey/verify-authentication", { response: forged }),
      400,
      "BAD_REQUEST",
    );

    const stranger = new SoftwareAuthenticator(ORIGIN);
    await stranger.register({ challenge: "AAAA", rp: {}, user: { id: "AAAA" } });
    const { response } = await passkeySignIn(stranger);
    await expectProblem(response, 401, "UNAUTHENTICATED");
  });

  it("a banned account's passkey signs nobody in", async () => {
    const account = await withPasskey();
    await testDatabase.update(user).set({ banned: true }).where(eq(user.id, account.userId));
    const { response } = await passkeySignIn(account.authenticator);
    await expectProblem(response, 403, "ACCOUNT_BANNED");
  });

  it("a passkey is the caller's own to rename and delete: another's is as unknown as a made-up id", async () => {
    const account = await withPasskey();
    const other = await signUp();
    const [own] = await testDatabase.select().from(passkey).where(eq(passkey.userId, account.userId));
    for (const id of [own?.id, "no-such-passkey"]) {
      const renamed = await callWorker(
        "/api/auth/passkey/update-passkey",
        jsonRequest("POST", { id, name: "Phone" }, { origin: ORIGIN, ...other.browser.header }),
      );
      await expectProblem(renamed, 404, "NOT_FOUND");
      const deleted = await callWorker(
        "/api/auth/passkey/delete-passkey",
        jsonRequest("POST", { id }, { origin: ORIGIN, ...bearer(other) }),
      );
      await expectProblem(deleted, 404, "NOT_FOUND");
    }
    expect(await testDatabase.select().from(passkey).where(eq(passkey.userId, account.userId))).toEqual([
      expect.objectContaining({ name: "Laptop" }),
    ]);
    // Signed out, it is the session that is missing.
    const anonymous = await callWorker(
      "/api/auth/passkey/delete-passkey",
      jsonRequest("POST", { id: own?.id }, { origin: ORIGIN }),
    );
    await expectProblem(anonymous, 401, "UNAUTHENTICATED");
  });

  it("registering takes a sign-in from the last day", async () => {
    const other = await signUp();
    await testDatabase
      .update(session)
      .set({ createdAt: new Date(Date.now() - 2 * 86_400_000) })
      .where(eq(session.token, other.token));
    const stale = await callWorker("/api/auth/passkey/generate-register-options", {
      headers: { origin: ORIGIN, ...bearer(other) },
    });
    await expectProblem(stale, 403, "FORBIDDEN");
  });
});
