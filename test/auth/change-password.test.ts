/** Changing the password: the current one is required, the new one meets the policy, other sessions end. */
import { describe, expect, it } from "vitest";
import { bearer, jsonRequest, signIn, signUp } from "../helpers/accounts";
import { expectProblem } from "../helpers/problem";
import { expectSignedOut, newSession } from "../helpers/sessions";
import { callWorker, ORIGIN } from "../helpers/worker";

const changePassword = (token: string, body: unknown) =>
  callWorker("/api/auth/change-password", jsonRequest("POST", body, { ...bearer({ token }), origin: ORIGIN }));

describe("POST /api/auth/change-password", () => {
  it("changes it and revokes every other session, keeping the caller's", async () => {
    const account = await signUp();
    const other = await newSession(account);
    const response = await changePassword(account.token, {
      currentPassword: account.password,
      newPassword: "a fresh passphrase",
    });
    expect(response.status).toBe(200);

    await expectSignedOut(bearer({ token: other }));
    expect((await signIn({ ...account, password: "a fresh passphrase" })).status).toBe(200);
  });

  it("revokes the others even when the client asks it not to", async () => {
    const account = await signUp();
    const other = await newSession(account);
    await changePassword(account.token, {
      currentPassword: account.password,
      newPassword: "a fresh passphrase",
      revokeOtherSessions: false,
    });
    await expectSignedOut(bearer({ token: other }));
  });

  it("refuses a wrong current password and changes nothing", async () => {
    const account = await signUp();
    const response = await changePassword(account.token, {
      currentPassword: "not my password",
      newPassword: "a fresh passphrase",
    });
    await expectProblem(response, 403, "INVALID_PASSWORD");
    expect((await signIn(account)).status).toBe(200);
  });

  it("holds the new password to the policy", async () => {
    const account = await signUp();
    const body = await expectProblem(
      await changePassword(account.token, { currentPassword: account.password, newPassword: "short" }),
      400,
      "VALIDATION_FAILED",
    );
    expect(body.errors).toEqual([{ location: "body.newPassword", message: "at least 8 characters" }]);
  });

  it("needs a session", async () => {
    const response = await callWorker(
      "/api/auth/change-password",
      jsonRequest(
        "POST",
        { currentPassword: "whatever it was", newPassword: "a fresh passphrase" },
        { origin: ORIGIN },
      ),
    );
    await expectProblem(response, 401, "UNAUTHENTICATED");
  });
});
