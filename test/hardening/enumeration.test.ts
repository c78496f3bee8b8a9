/**
 * No account enumeration from answers: sign-in with an unknown email or a wrong password, a reset for a
 * known or unknown address, and (with REQUIRE_EMAIL_VERIFICATION on) sign-up with a new or taken
 * address answer with the same status, the same body keys and the same cookies. Timing is measured by
 * `npm run bench:signin-timing`, not here.
 */
import { describe, expect, it } from "vitest";
import { jsonRequest, newEmail, signUp } from "../helpers/accounts";
import { waitForMail } from "../helpers/mail";
import { callWorker, callWorkerWithEnv, ORIGIN } from "../helpers/worker";

/** What an observer can compare: status, body keys (and values, but for the request's own id), cookies set. */
async function observed(response: Response) {
  const body = (await response.json()) as Record<string, unknown>;
  const { request_id: _requestId, user_id: _userId, ...comparable } = body;
  return {
    status: response.status,
    keys: Object.keys(body).sort(),
    comparable,
    cookies: response.headers.getSetCookie().map((cookie) => cookie.slice(0, cookie.indexOf("="))),
  };
}

describe("answers that could tell whether an account exists", () => {
  it("sign-in: an unknown email and a wrong password look the same", async () => {
    const account = await signUp();
    const signIn = (email: string, password: string) =>
      callWorker("/api/auth/signin", jsonRequest("POST", { email, password }));
    const unknown = await observed(await signIn(newEmail(), account.password));
    const wrong = await observed(await signIn(account.email, "not the password at all"));
    expect(unknown.status).toBe(401);
    expect(wrong).toEqual(unknown);
  });

  it("password reset: a known and an unknown address look the same", async () => {
    const account = await signUp();
    const reset = (email: string) =>
      callWorker(
        "/api/auth/request-password-reset",
        jsonRequest("POST", { email, redirectTo: `${ORIGIN}/reset` }, { origin: ORIGIN }),
      );
    expect(await observed(await reset(account.email))).toEqual(await observed(await reset(newEmail())));
  });

  it("sign-up with verification required: a new and a taken address look the same; the owner is told", async () => {
    const verified = { REQUIRE_EMAIL_VERIFICATION: "true" };
    const signUpWith = (email: string) =>
      callWorkerWithEnv(
        verified,
        "/api/auth/signup",
        jsonRequest("POST", {
          email,
          password: "a sturdy passphrase",
          software_level: "beginner",
          hardware_background: "none",
        }),
      );
    const owner = newEmail();
    const first = await observed(await signUpWith(owner));
    const fresh = await observed(await signUpWith(newEmail()));
    const taken = await observed(await signUpWith(owner));
    expect(first).toEqual({
      status: 201,
      keys: ["session_token", "success", "user_id"],
      comparable: { success: true, session_token: null },
      cookies: [],
    });
    expect(taken).toEqual(fresh);
    // Mail 1 verifies the address; mail 2 tells its owner about the second sign-up.
    expect((await waitForMail(owner, 2)).subject).toMatch(/Sign-up attempt/);
  });

  it("sign-up without verification required says 409 for a taken address (configuration, see README)", async () => {
    const account = await signUp();
    const response = await callWorker(
      "/api/auth/signup",
      jsonRequest("POST", {
        email: account.email,
        password: "a sturdy passphrase",
        software_level: "beginner",
        hardware_background: "none",
      }),
    );
    expect(response.status).toBe(409);
  });
});
