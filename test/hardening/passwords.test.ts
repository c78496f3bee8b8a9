/**
 * The password policy, wherever a password is chosen: 8 to 128 characters, none of the most common ones,
 * and (when configured) none found in breaches, a check whose outage never blocks anyone.
 */
import { describe, expect, it } from "vitest";
import { BREACHED_PASSWORD } from "../fakes/fake-pwned-passwords";
import { bearer, jsonRequest, newEmail, signUp } from "../helpers/accounts";
import { expectProblem } from "../helpers/problem";
import { callWorker, callWorkerWithEnv, ORIGIN } from "../helpers/worker";

const signUpBody = (password: string) => ({
  email: newEmail(),
  password,
  software_level: "beginner",
  hardware_background: "none",
});

async function expectPasswordRefused(response: Response, location: string, message: RegExp) {
  const problem = await expectProblem(response, 400, "VALIDATION_FAILED");
  expect(problem.errors).toEqual([{ location, message: expect.stringMatching(message) }]);
}

describe("common passwords", () => {
  it.each(["password1", "baseball", "Superman", "qwertyuiop", "1234567890"])(
    "%s is refused at sign-up, with a message saying why",
    async (password) => {
      await expectPasswordRefused(
        await callWorker("/api/auth/signup", jsonRequest("POST", signUpBody(password))),
        "body.password",
        /most common passwords/,
      );
    },
  );

  it("is refused by Better Auth's own sign-up, by change-password and by reset", async () => {
    await expectPasswordRefused(
      await callWorker(
        "/api/auth/sign-up/email",
        jsonRequest("POST", { ...signUpBody("football"), name: "F" }, { origin: ORIGIN }),
      ),
      "body.password",
      /most common/,
    );
    const account = await signUp();
    await expectPasswordRefused(
      await callWorker(
        "/api/auth/change-password",
        jsonRequest(
          "POST",
          { currentPassword: account.password, newPassword: "iloveyou1" },
          { ...bearer(account), origin: ORIGIN },
        ),
      ),
      "body.newPassword",
      /most common/,
    );
    await expectPasswordRefused(
      await callWorker(
        "/api/auth/reset-password",
        jsonRequest("POST", { token: "whatever", newPassword: "sunshine" }, { origin: ORIGIN }),
      ),
      "body.newPassword",
      /most common/,
    );
  });
});

describe("length", () => {
  it("7 characters and 129 are refused; 8 and 128 uncommon ones are fine", async () => {
    await expectPasswordRefused(
      await callWorker("/api/auth/signup", jsonRequest("POST", signUpBody("x7#kQ2m"))),
      "body.password",
      /at least 8/,
    );
    await expectPasswordRefused(
      await callWorker("/api/auth/signup", jsonRequest("POST", signUpBody("a".repeat(129)))),
      "body.password",
      /at most 128/,
    );
    for (const password of ["x7#kQ2m!", `${"ab1!".repeat(32)}`]) {
      expect((await callWorker("/api/auth/signup", jsonRequest("POST", signUpBody(password)))).status).toBe(201);
    }
  });
});

describe("the breached-password check", () => {
  const on = { BREACHED_PASSWORD_CHECK: "on" };

  it("refuses a password Have I Been Pwned lists, and accepts others", async () => {
    await expectPasswordRefused(
      await callWorkerWithEnv(on, "/api/auth/signup", jsonRequest("POST", signUpBody(BREACHED_PASSWORD))),
      "body.password",
      /known data breaches/,
    );
    expect(
      (await callWorkerWithEnv(on, "/api/auth/signup", jsonRequest("POST", signUpBody("never seen in any breach"))))
        .status,
    ).toBe(201);
  });

  it("is off by default", async () => {
    expect((await callWorker("/api/auth/signup", jsonRequest("POST", signUpBody(BREACHED_PASSWORD)))).status).toBe(201);
  });

  it("lets the sign-up through when the service cannot be reached", async () => {
    const unreachable = { ...on, PWNED_PASSWORDS_API_URL: "http://127.0.0.1:9" };
    const response = await callWorkerWithEnv(
      unreachable,
      "/api/auth/signup",
      jsonRequest("POST", signUpBody(BREACHED_PASSWORD)),
    );
    expect(response.status).toBe(201);
  });
});
