/**
 * The edge path: warm requests by cookie cache or access token need no database round trip, changes reach
 * the same caller at once, and sign-outs and revocations reach others within the freshness bound.
 */
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createDatabase } from "../../src/db/client";
import { session } from "../../src/db/schema";
import { accessToken, bearer, jsonRequest, signUp } from "../helpers/accounts";
import { countedWorker, databaseUrl } from "../helpers/neon-local";
import { expectProblem } from "../helpers/problem";
import { callWorker, ORIGIN } from "../helpers/worker";

const db = createDatabase(databaseUrl);
/** SESSION_FRESHNESS_SECONDS as the tests run it (the default). */
const FRESHNESS_SECONDS = 60;

afterEach(() => {
  vi.useRealTimers();
});

/** The context route refuses these credentials. */
async function expectRefused(headers: Record<string, string>) {
  await expectProblem(await callWorker("/api/personalization/context", { headers }), 401, "UNAUTHENTICATED");
}

/** Moves this isolate's clock past the freshness bound: caches and access tokens issued until now lapse. */
function passFreshnessBound() {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(Date.now() + (FRESHNESS_SECONDS + 1) * 1000);
}

async function contextOf(headers: Record<string, string>) {
  const response = await callWorker("/api/personalization/context", { headers });
  return { status: response.status, body: (await response.json()) as { user_context?: Record<string, unknown> } };
}

describe("warm requests need no database", () => {
  it("by the browser's signed cookie cache", async () => {
    const { browser: jar } = await signUp();
    expect(jar.has("session_data")).toBe(true);
    const worker = countedWorker("cookie");
    const response = await worker.call("/api/personalization/context", { headers: jar.header });
    expect(response.status).toBe(200);
    expect(await worker.counts()).toMatchObject({ requests: 0 });
  });

  it("by an access token", async () => {
    const { token } = await signUp();
    const jwt = await accessToken(token);
    expect(jwt.split(".")).toHaveLength(3);
    await callWorker("/api/personalization/context", { headers: bearer({ token: jwt }) });

    const worker = countedWorker("jwt");
    for (const path of ["/api/personalization/context", "/api/user/profile"]) {
      const response = await worker.call(path, { headers: bearer({ token: jwt }) });
      expect(response.status).toBe(200);
    }
    expect(await worker.counts()).toMatchObject({ requests: 0 });
  });

  it("get-session by cookie cache", async () => {
    const { browser: jar } = await signUp();
    const worker = countedWorker("get_session");
    const response = await worker.call("/api/auth/get-session", { headers: jar.header });
    expect(((await response.json()) as { user: { software_level: string } }).user.software_level).toBe("beginner");
    expect(await worker.counts()).toMatchObject({ requests: 0 });
  });

  it("while a bare session token still goes to the database", async () => {
    const { token } = await signUp();
    const worker = countedWorker("session_token");
    await worker.call("/api/personalization/context", { headers: bearer({ token }) });
    expect((await worker.counts()).requests).toBeGreaterThan(0);
  });
});

describe("the same caller sees its own changes at once", () => {
  it("a browser: the answer renews the cookie cache", async () => {
    const { browser: jar } = await signUp();
    const put = await callWorker(
      "/api/user/profile",
      jsonRequest(
        "PUT",
        { software_level: "advanced", hardware_background: "none" },
        { ...jar.header, origin: ORIGIN },
      ),
    );
    expect(put.status).toBe(200);
    jar.take(put);
    expect((await contextOf(jar.header)).body.user_context).toMatchObject({
      software_level: "advanced",
      hardware_background: "none",
    });
  });

  it("a widget: the answer carries a new access token", async () => {
    const { token } = await signUp();
    const jwt = await accessToken(token);
    const patch = await callWorker(
      "/api/user/profile",
      jsonRequest("PATCH", { software_level: "intermediate" }, bearer({ token: jwt })),
    );
    const renewed = patch.headers.get("set-auth-jwt") ?? "";
    expect(renewed).not.toBe("");
    expect((await contextOf(bearer({ token: renewed }))).body.user_context).toMatchObject({
      software_level: "intermediate",
    });
  });

  it("an archived profile reads neutral at once, by cookie", async () => {
    const { browser: jar } = await signUp();
    const deleted = await callWorker("/api/user/profile", {
      method: "DELETE",
      headers: { ...jar.header, origin: ORIGIN },
    });
    jar.take(deleted);
    expect((await contextOf(jar.header)).body.user_context).toMatchObject({ software_level: null });
  });

  it("sign-out refuses the session's cookie cache and access tokens at this edge at once", async () => {
    const { browser: jar, token } = await signUp();
    const jwt = await accessToken(token);
    const cookieBeforeSignOut = jar.header;
    const out = await callWorker("/api/auth/sign-out", { method: "POST", headers: { ...jar.header, origin: ORIGIN } });
    expect(out.status).toBe(200);
    await expectRefused(cookieBeforeSignOut);
    await expectRefused(bearer({ token: jwt }));
  });
});

describe("everywhere else, within the freshness bound", () => {
  it("a session revoked elsewhere stops working once its cache and tokens lapse", async () => {
    const { browser: jar, token } = await signUp();
    const jwt = await accessToken(token);
    // Another edge revoked it: the row is gone, but nothing here was told.
    await db.delete(session).where(eq(session.token, token));
    expect((await contextOf(jar.header)).status).toBe(200);
    expect((await contextOf(bearer({ token: jwt }))).status).toBe(200);

    passFreshnessBound();
    await expectRefused(jar.header);
    await expectRefused(bearer({ token: jwt }));
  });

  it("a profile changed elsewhere shows once the cache lapses", async () => {
    const { browser: jar, token } = await signUp();
    await callWorker("/api/user/profile", jsonRequest("PATCH", { software_level: "advanced" }, bearer({ token })));
    expect((await contextOf(jar.header)).body.user_context).toMatchObject({ software_level: "beginner" });

    passFreshnessBound();
    const lapsed = await callWorker("/api/personalization/context", { headers: jar.header });
    expect(((await lapsed.json()) as { user_context: Record<string, unknown> }).user_context).toMatchObject({
      software_level: "advanced",
    });
  });
});

describe("access tokens are refused when", () => {
  it.each([
    ["unsigned (alg none)", (jwt: string) => `${b64({ alg: "none", typ: "JWT" })}.${jwt.split(".")[1]}.`],
    [
      "signed with another algorithm",
      (jwt: string) => `${b64({ alg: "HS256", kid: header(jwt).kid })}.${jwt.split(".")[1]}.${jwt.split(".")[2]}`,
    ],
    ["their signature is altered", (jwt: string) => `${jwt.slice(0, -4)}${jwt.slice(-4) === "AAAA" ? "BBBB" : "AAAA"}`],
    [
      "their claims are altered",
      (jwt: string) => {
        const [head, , signature] = jwt.split(".");
        const claims = JSON.parse(atob((jwt.split(".")[1] ?? "").replaceAll("-", "+").replaceAll("_", "/")));
        return `${head}.${b64({ ...claims, software_level: "advanced" })}.${signature}`;
      },
    ],
  ])("%s", async (_, forge) => {
    const { token } = await signUp();
    const forged = forge(await accessToken(token));
    await expectRefused(bearer({ token: forged }));
  });
});

function b64(value: unknown): string {
  return btoa(JSON.stringify(value)).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

function header(jwt: string): { kid?: string } {
  return JSON.parse(atob((jwt.split(".")[0] ?? "").replaceAll("-", "+").replaceAll("_", "/")));
}

describe("the cookie cache", () => {
  it("counts only with the session cookie it was issued for", async () => {
    const { browser: jar } = await signUp();
    const onlyCache = jar.header.cookie
      .split("; ")
      .filter((pair) => pair.includes("session_data"))
      .join("; ");
    expect(onlyCache).not.toBe("");
    await expectRefused({ cookie: onlyCache });
  });
});
