/**
 * Security headers on every answer, whoever wrote it: our handlers, the error and not-found handlers,
 * Better Auth's handler, the CORS preflight. Non-HTML answers carry the CSP that loads nothing and is
 * framed nowhere; the docs page keeps its own. The sweep's routes come from the app's route table.
 */
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import { accessToken, bearer, jsonRequest, signUp } from "../helpers/accounts";
import { callWorker, callWorkerWithEnv, ORIGIN } from "../helpers/worker";

const API_CSP = "default-src 'none'; frame-ancestors 'none'";

function expectSecureHeaders(response: Response, csp: string | RegExp = API_CSP) {
  const { headers } = response;
  expect(headers.get("x-content-type-options")).toBe("nosniff");
  expect(headers.get("x-frame-options")).toBe("DENY");
  expect(headers.get("referrer-policy")).toBe("no-referrer");
  expect(headers.get("strict-transport-security")).toMatch(/^max-age=\d+/);
  if (typeof csp === "string") expect(headers.get("content-security-policy")).toBe(csp);
  else expect(headers.get("content-security-policy")).toMatch(csp);
}

describe("every kind of answer carries the security headers", () => {
  const kinds: [label: string, status: number, call: () => Promise<Response>][] = [
    ["GET /health", 200, () => callWorker("/health")],
    ["GET /ping (text)", 200, () => callWorker("/ping")],
    ["an unknown route (404 problem)", 404, () => callWorker("/no/such/route")],
    ["a protected route without a session (401 problem)", 401, () => callWorker("/api/user/profile")],
    [
      "a malformed body (400 problem)",
      400,
      async () =>
        callWorker("/api/auth/signup", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: "{not json",
        }),
    ],
    [
      "get-session answered from an access token (ours)",
      200,
      async () =>
        callWorker("/api/auth/get-session", { headers: bearer({ token: await accessToken((await signUp()).token) }) }),
    ],
    [
      "get-session answered by Better Auth (session token)",
      200,
      async () => callWorker("/api/auth/get-session", { headers: bearer(await signUp()) }),
    ],
    [
      "a Better Auth error (wrong password on sign-in/email)",
      401,
      async () => {
        const account = await signUp();
        return callWorker(
          "/api/auth/sign-in/email",
          jsonRequest("POST", { email: account.email, password: "not the password" }, { origin: ORIGIN }),
        );
      },
    ],
    [
      "a CORS preflight",
      204,
      () =>
        callWorker("/api/user/profile", {
          method: "OPTIONS",
          headers: { origin: "http://localhost:3000", "access-control-request-method": "PUT" },
        }),
    ],
    [
      "a cross-site refusal (403, before any service)",
      403,
      () => callWorker("/api/user/profile", { method: "PUT", headers: { origin: "https://evil.example" } }),
    ],
    ["a configuration fault (500)", 500, () => callWorkerWithEnv({ BETTER_AUTH_SECRET: "too-short" }, "/health")],
  ];

  it.each(kinds)("%s", async (_, status, call) => {
    const response = await call();
    expect(response.status).toBe(status);
    expectSecureHeaders(response);
  });

  it("the docs page (HTML) keeps its own CSP, which still refuses framing", async () => {
    const response = await callWorker("/docs");
    expect(response.headers.get("content-type")).toContain("text/html");
    expectSecureHeaders(response, /^default-src 'none'; script-src 'self' 'nonce-[^']+';.*frame-ancestors 'none'/);
  });
});

/** Every route the app declares, called without credentials or body: whatever it answers is covered. */
const routes = [
  ...new Map(
    createApp()
      .routes.filter((route) => route.method !== "ALL")
      .map((route) => {
        const path = route.path.replaceAll(/:\w+/g, "x").replace(/\*$/, "ok");
        return [`${route.method} ${path}`, [route.method, path] as const];
      }),
  ).values(),
  // HTML pages with a CSP of their own, checked on their own (above, and test/app/demo.test.ts).
].filter(([, path]) => path !== "/docs" && !path.startsWith("/demo/"));

describe("a sweep over the app's route table", () => {
  it("finds the routes", () => {
    expect(routes.length).toBeGreaterThan(15);
    expect(routes).toContainEqual(["GET", "/api/auth/get-session"]);
  });

  it.each(routes)("%s %s", async (method, path) => {
    expectSecureHeaders(await callWorker(path, { method }));
  });
});
