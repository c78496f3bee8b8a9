/**
 * Hostile input, property-based: at least 500 generated requests per endpoint (broken JSON, wrong types,
 * 1 MiB and deeply nested bodies, `__proto__`, NUL/CRLF, lone surrogates, 10k-character strings, wrong or
 * missing Content-Type, junk credentials). No answer is a 5xx, every error is one problem document,
 * oversize is 413, and no answer carries a stack, SQL or query text.
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { accessToken, bearer, signUp, type TestAccount } from "../helpers/accounts";
import { signUpAdmin } from "../helpers/admin";
import { contentType, hostileBody, hostileQuery, junkCredentials } from "../helpers/hostile";
import { type Caller, type Endpoint, endpoints, type HostileRequest } from "../helpers/hostile-endpoints";
import { callHandler, expectSafeAnswer, isOversize } from "../helpers/safe-answer";
import { ORIGIN } from "../helpers/worker";

const RUNS = 500;

function hostileRequest(endpoint: Endpoint): fc.Arbitrary<HostileRequest> {
  // Access tokens are for our routes (widgets); Better Auth's own endpoints take the session itself.
  const ours = typeof endpoint.path !== "string" || !endpoint.path.startsWith("/api/auth/");
  const sessions =
    endpoint.caller === "anyone"
      ? []
      : ours
        ? (["session-token", "cookie", "access-token"] as const)
        : (["session-token", "cookie"] as const);
  const credential = sessions.length
    ? fc.oneof({ arbitrary: fc.constantFrom(...sessions), weight: 3 }, { arbitrary: junkCredentials, weight: 1 })
    : junkCredentials;
  const path = typeof endpoint.path === "string" ? fc.constant(endpoint.path) : endpoint.path;
  return fc.record({
    path: fc
      .tuple(path, endpoint.query ? hostileQuery(endpoint.query) : fc.constant(""))
      .map((parts) => parts.join("")),
    credential,
    origin: fc.oneof(
      { arbitrary: fc.constantFrom(undefined, ORIGIN), weight: 4 },
      { arbitrary: fc.constantFrom("https://evil.example", "null"), weight: 1 },
    ),
    contentType: endpoint.fields ? contentType : fc.constant(undefined),
    body: endpoint.fields ? hostileBody(endpoint.fields) : fc.constant(undefined),
  });
}

const accounts = {} as Record<Exclude<Caller, "anyone">, { account: TestAccount; accessToken: string }>;

function headersFor(caller: Caller, request: HostileRequest): Record<string, string> {
  const headers: Record<string, string> = {};
  if (request.origin) headers.origin = request.origin;
  if (request.contentType !== undefined) headers["content-type"] = request.contentType;
  if (typeof request.credential === "object") return { ...headers, ...request.credential };
  const session = accounts[caller as Exclude<Caller, "anyone">];
  if (request.credential === "cookie") return { ...headers, cookie: session.account.cookie };
  if (request.credential === "access-token") return { ...headers, authorization: `Bearer ${session.accessToken}` };
  return { ...headers, ...bearer(session.account) };
}

beforeAll(async () => {
  const [user, admin] = await Promise.all([signUp(), signUpAdmin()]);
  accounts.user = { account: user, accessToken: "" };
  accounts.admin = { account: admin, accessToken: "" };
});

// Concurrent: while one property waits on the database, another runs in the isolate (2 cores).
describe.concurrent("hostile input", () => {
  it.each(endpoints.map((endpoint) => [endpoint.method, endpoint.label ?? endpoint.path, endpoint] as const))(
    "%s %s: no 5xx, one error shape, 413 for oversize, no leaks",
    async (method, _, endpoint) => {
      // Access tokens live SESSION_FRESHNESS_SECONDS: a fresh one for each endpoint's runs.
      for (const session of Object.values(accounts)) session.accessToken = await accessToken(session.account.token);
      const tally = { sent: 0, withSession: 0, refusedSession: 0 };
      await fc.assert(
        fc.asyncProperty(hostileRequest(endpoint), async (request) => {
          fc.pre(!endpoint.spends?.(request));
          tally.sent += 1;
          const response = await callHandler(request.path, {
            method,
            headers: headersFor(endpoint.caller, request),
            body: request.body?.text,
          });
          if (typeof request.credential === "string") {
            tally.withSession += 1;
            if (response.status === 401) tally.refusedSession += 1;
          }
          await expectSafeAnswer(response, { oversize: request.body !== undefined && isOversize(request.body.text) });
        }),
        { numRuns: RUNS },
      );
      expect(tally.sent).toBeGreaterThanOrEqual(RUNS);
      // A real session was part of the mix, and got past authentication to validation every time.
      if (endpoint.caller !== "anyone") expect(tally.withSession).toBeGreaterThan(RUNS / 2);
      expect(tally.refusedSession).toBe(0);
      // The shared account survived the runs.
      const profile = await callHandler("/api/user/profile", { headers: bearer(accounts.user.account) });
      expect(profile.status).toBe(200);
    },
    120_000,
  );
});
