/** Changing the password: the current one is required, the new one meets the policy, other sessions end. */
import { describe, expect, it } from "vitest";
import { bearer, jsonRequest, signUp } from "../helpers/accounts";
import { expectProblem } from "../helpers/problem";
import { callWorker, ORIGIN } from "../helpers/worker";

const changePassword = (token: string, body: unknown) =>
  callWorker("/api/auth/change-password", jsonRequest("POST", body, { ...bearer({ token }), origin: ORIGIN }));

async function secondSession(email: string, password: string): Promise<string> {
  const response = await callWorker("/api/auth/signin", jsonRequest("POST", { email, password }));
  return ((await response.json()) as { session_token: string }).session_token;
}

describe("POST /api/auth/change-password", () => {
  it("changes it and revokes every other session, keeping the caller's", async () => {
    const account = await signUp();
    const other = await secondSession(account.email, account.password);
    const response = await changePassword(account.token, {
      currentPassword: account.password,
      newPassword: "a fresh passphrase",
    });
    expect(response.status).toBe(200);

    await expectProblem(
      await callWorker("/api/user/profile", { headers: bearer({ token: other }) }),
      401,
      "UNAUTHENTICATED",
    );
    const signIn = await callWorker(
      "/api/auth/signin",
      jsonRequest("POST", { email: account.email, password: "a fresh passphrase" }),
    );
    expect(signIn.status).toBe(200);
  });

  it("revokes the others even when the client asks it not to", async () => {
    const account = await signUp();
    const other = await secondSession(account.email, account.password);
    await changePassword(account.token, {
      currentPassword: account.password,
      newPassword: "a fresh passphrase",
      revokeOtherSessions: false,
    });
    await expectProblem(
      await callWorker("/api/user/profile", { headers: bearer({ token: other }) }),
      401,
      "UNAUTHENTICATED",
    );
  });

  it("refuses a wrong current password and changes nothing", async () => {
    const account = await signUp();
    const response = await changePassword(account.token, {
      currentPassword: "not my password",
      newPassword: "a fresh passphrase",
    });
    expect(response.status).toBe(400);
    const signIn = await callWorker(
      "/api/auth/signin",
      jsonRequest("POST", { email: account.email, password: account.password }),
    );
    expect(signIn.status).toBe(200);
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
