/**
 * Open redirects: a foreign `callbackURL` / `redirectTo` / `errorCallbackURL` / `newUserCallbackURL` is
 * refused with 403 on every flow that takes one, before anything is done (no account, no mail, no
 * verification), and no answer ever carries a `Location` off our trusted origins.
 */
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { user } from "../../src/db/schema";
import { bearer, emailVerified, jsonRequest, newEmail, signUp, type TestAccount } from "../helpers/accounts";
import { testDatabase } from "../helpers/admin";
import { followLink, linkIn, mailsTo, waitForMail } from "../helpers/mail";
import { expectProblem } from "../helpers/problem";
import { callWorker, ORIGIN } from "../helpers/worker";

/** BETTER_AUTH_URL and TRUSTED_ORIGINS (wrangler.toml). */
const TRUSTED = [ORIGIN, "http://localhost:3000"];

const foreign = [
  "https://evil.example",
  "https://evil.example/welcome",
  "HTTPS://EVIL.EXAMPLE",
  "//evil.example",
  "///evil.example",
  "/\\evil.example",
  "\\\\evil.example",
  "/%2F/evil.example",
  "%2F%2Fevil.example",
  "/%5Cevil.example",
  "https:evil.example",
  " //evil.example",
  "/\t/evil.example",
  "http://localhost:8787@evil.example",
  "http://localhost:8787.evil.example",
  "http://localhost:3000.evil.example",
  "http://evil.example\\@localhost:8787",
  "http://evil.example#@localhost:8787",
  "https://localhost:8787",
  "https://evil.example/http://localhost:8787",
  "javascript:alert(1)",
  "JavaScript://localhost:8787/%0Aalert(1)",
  "data:text/html,<script>alert(1)</script>",
];

/** Whether a Location header (absolute or relative to us) stays on a trusted origin (or `also`). */
function staysHome(location: string | null, also: string[] = []): boolean {
  if (location === null) return true;
  try {
    return [...TRUSTED, ...also].includes(new URL(location, ORIGIN).origin);
  } catch {
    return false;
  }
}

async function expectRefused(response: Response) {
  expect(staysHome(response.headers.get("location")), `Location: ${response.headers.get("location")}`).toBe(true);
  await expectProblem(response, 403, "FORBIDDEN");
}

const password = "correct horse battery staple";
const background = { software_level: "beginner", hardware_background: "robotics" };
let account: TestAccount;

beforeAll(async () => {
  account = await signUp();
});

/** Each flow, sending one redirect target; fresh addresses keep the per-address rate limits out of it. */
const flows: [name: string, send: (target: string) => Promise<Response>][] = [
  [
    "POST /api/auth/sign-up/email callbackURL",
    (target) =>
      callWorker(
        "/api/auth/sign-up/email",
        jsonRequest("POST", { email: newEmail(), password, ...background, callbackURL: target }, { origin: ORIGIN }),
      ),
  ],
  [
    "POST /api/auth/sign-in/email callbackURL",
    (target) =>
      callWorker(
        "/api/auth/sign-in/email",
        jsonRequest("POST", { email: newEmail(), password, callbackURL: target }, { origin: ORIGIN }),
      ),
  ],
  [
    "POST /api/auth/send-verification-email callbackURL",
    (target) =>
      callWorker(
        "/api/auth/send-verification-email",
        jsonRequest("POST", { email: newEmail(), callbackURL: target }, { origin: ORIGIN }),
      ),
  ],
  [
    "GET /api/auth/verify-email callbackURL",
    (target) =>
      callWorker(`/api/auth/verify-email?token=junk&callbackURL=${encodeURIComponent(target)}`, { redirect: "manual" }),
  ],
  [
    "POST /api/auth/request-password-reset redirectTo",
    (target) =>
      callWorker(
        "/api/auth/request-password-reset",
        jsonRequest("POST", { email: newEmail(), redirectTo: target }, { origin: ORIGIN }),
      ),
  ],
  [
    "GET /api/auth/reset-password/{token} callbackURL",
    (target) =>
      callWorker(`/api/auth/reset-password/junk?callbackURL=${encodeURIComponent(target)}`, { redirect: "manual" }),
  ],
  [
    "POST /api/auth/change-email callbackURL",
    (target) =>
      callWorker(
        "/api/auth/change-email",
        jsonRequest("POST", { newEmail: newEmail(), callbackURL: target }, { ...bearer(account), origin: ORIGIN }),
      ),
  ],
  ...(["callbackURL", "errorCallbackURL", "newUserCallbackURL"] as const).map(
    (field): [string, (target: string) => Promise<Response>] => [
      `POST /api/auth/sign-in/social ${field}`,
      (target) =>
        callWorker(
          "/api/auth/sign-in/social",
          jsonRequest("POST", { provider: "github", callbackURL: "/", [field]: target }, { origin: ORIGIN }),
        ),
    ],
  ),
  [
    "POST /api/auth/link-social callbackURL",
    (target) =>
      callWorker(
        "/api/auth/link-social",
        jsonRequest("POST", { provider: "github", callbackURL: target }, { ...bearer(account), origin: ORIGIN }),
      ),
  ],
];

describe.each(flows)("%s", (_, send) => {
  it.each(foreign)("refuses %j with 403 and no foreign Location", async (target) => {
    await expectRefused(await send(target));
  });

  it("accepts a path and a trusted origin", async () => {
    for (const target of ["/welcome", "http://localhost:3000/welcome"]) {
      const response = await send(target);
      expect(response.status, target).not.toBe(403);
      expect(response.status, target).toBeLessThan(500);
      // Social sign-in sends the browser to the provider's authorization page first.
      expect(staysHome(response.headers.get("location"), ["https://github.com"])).toBe(true);
    }
  });
});

describe("with real tokens", () => {
  it("a genuine verification link with a foreign callbackURL is refused and verifies nothing", async () => {
    const fresh = await signUp();
    const link = linkIn(await waitForMail(fresh.email));
    for (const target of foreign) {
      link.searchParams.set("callbackURL", target);
      await expectRefused(await followLink(link));
    }
    expect(await emailVerified(fresh.token)).toBe(false);
  });

  it("a genuine reset link with a foreign callbackURL is refused and does not reveal the token", async () => {
    const fresh = await signUp();
    await waitForMail(fresh.email);
    const requested = await callWorker(
      "/api/auth/request-password-reset",
      jsonRequest("POST", { email: fresh.email, redirectTo: "/reset" }, { origin: ORIGIN }),
    );
    expect(requested.status).toBe(200);
    const link = linkIn(await waitForMail(fresh.email, 2));
    for (const target of foreign) {
      link.searchParams.set("callbackURL", target);
      await expectRefused(await followLink(link));
    }
  });

  it("a refused sign-up creates no account and a refused verification mail is not sent", async () => {
    await waitForMail(account.email); // the one from sign-up
    const email = newEmail();
    await expectRefused(
      await callWorker(
        "/api/auth/sign-up/email",
        jsonRequest(
          "POST",
          { email, password, ...background, callbackURL: "https://evil.example" },
          { origin: ORIGIN },
        ),
      ),
    );
    expect(await testDatabase.select().from(user).where(eq(user.email, email))).toEqual([]);
    await expectRefused(
      await callWorker(
        "/api/auth/send-verification-email",
        jsonRequest("POST", { email: account.email, callbackURL: "//evil.example" }, { origin: ORIGIN }),
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await mailsTo(account.email)).toHaveLength(1);
  });
});
