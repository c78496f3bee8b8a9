/**
 * Emails are trimmed and lower-cased on every route that takes one, ours and Better Auth's: two spellings
 * of an address never make two accounts, and any spelling signs in, resets and verifies the one account.
 */
import { sql } from "drizzle-orm";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { user } from "../../src/db/schema";
import { bearer, jsonRequest, signUp } from "../helpers/accounts";
import { testDatabase } from "../helpers/admin";
import { waitForMail } from "../helpers/mail";
import { expectProblem } from "../helpers/problem";
import { uniqueName } from "../helpers/unique-name";
import { callWorker, ORIGIN } from "../helpers/worker";

const password = "correct horse battery staple";
const background = { software_level: "beginner", hardware_background: "robotics" };

/** `Ada_x1y2@Example.COM`: a fresh address in mixed case; its canonical form is the lower-cased one. */
function mixedCaseAddress() {
  const spelled = `${uniqueName("Ada")}@Example.COM`;
  return { spelled, canonical: spelled.toLowerCase() };
}

async function accountsWith(canonical: string) {
  return testDatabase
    .select({ id: user.id, email: user.email })
    .from(user)
    .where(sql`lower(btrim(${user.email})) = ${canonical}`);
}

const signUpRoutes = ["/api/auth/signup", "/api/auth/sign-up/email"];

describe("email normalisation", () => {
  it.each(signUpRoutes)("%s stores ' Ada@Example.COM ' as ada@example.com", async (route) => {
    const { spelled, canonical } = mixedCaseAddress();
    const response = await callWorker(route, jsonRequest("POST", { email: ` ${spelled} `, password, ...background }));
    expect(response.status).toBeLessThan(300);
    expect(await accountsWith(canonical)).toEqual([{ id: expect.any(String), email: canonical }]);
  });

  it.each(signUpRoutes)("after %s, no spelling of the address signs up again on either route", async (first) => {
    const { spelled, canonical } = mixedCaseAddress();
    expect(
      (await callWorker(first, jsonRequest("POST", { email: spelled, password, ...background }))).status,
    ).toBeLessThan(300);
    await fc.assert(
      fc.asyncProperty(
        fc.mixedCase(fc.constant(canonical)),
        fc.constantFrom("", " ", "\t", "\n", " \u00a0"),
        fc.constantFrom(...signUpRoutes),
        async (spelling, padding, route) => {
          const response = await callWorker(
            route,
            jsonRequest("POST", { email: `${padding}${spelling}${padding}`, password, ...background }),
          );
          await expectProblem(response, 409, "CONFLICT");
        },
      ),
      { numRuns: 25 },
    );
    expect(await accountsWith(canonical)).toHaveLength(1);
  });

  it("any case and spacing of the address signs in, on our route and Better Auth's", async () => {
    const account = await signUp();
    // Eight attempts in all: under the per-address sign-in limit (10 per 10 minutes).
    const spellings = [
      account.email,
      account.email.toUpperCase(),
      ` ${account.email} `,
      `\t${account.email.toUpperCase()}\n`,
    ];
    for (const route of ["/api/auth/signin", "/api/auth/sign-in/email"]) {
      for (const email of spellings) {
        const response = await callWorker(
          route,
          jsonRequest("POST", { email, password: account.password }, { origin: ORIGIN }),
        );
        expect(response.status, `${route} with ${JSON.stringify(email)}`).toBe(200);
        const body = (await response.json()) as { user_id?: string; user?: { id: string } };
        expect(body.user_id ?? body.user?.id).toBe(account.userId);
      }
    }
  });

  it("a reset requested with any spelling reaches the account's address", async () => {
    const account = await signUp();
    await waitForMail(account.email); // the verification mail from sign-up
    const response = await callWorker(
      "/api/auth/request-password-reset",
      jsonRequest("POST", { email: ` ${account.email.toUpperCase()} `, redirectTo: "/reset" }, { origin: ORIGIN }),
    );
    expect(response.status).toBe(200);
    expect((await waitForMail(account.email, 2)).subject).toMatch(/password/i);
  });

  it("a verification mail requested with any spelling reaches the account's address", async () => {
    const account = await signUp();
    await waitForMail(account.email);
    const response = await callWorker(
      "/api/auth/send-verification-email",
      jsonRequest("POST", { email: ` ${account.email.toUpperCase()} ` }, { origin: ORIGIN }),
    );
    expect(response.status).toBe(200);
    await waitForMail(account.email, 2);
  });

  it("a new address for change-email is normalised before the confirmation goes out", async () => {
    const account = await signUp();
    const { spelled, canonical } = mixedCaseAddress();
    const response = await callWorker(
      "/api/auth/change-email",
      jsonRequest("POST", { newEmail: ` ${spelled} `, callbackURL: "/" }, { ...bearer(account), origin: ORIGIN }),
    );
    expect(response.status).toBe(200);
    expect((await waitForMail(canonical)).to).toEqual([canonical]);
  });
});
