/** Changing the email: confirmed from the new address; a taken address gets the same answer and no change. */
import { describe, expect, it } from "vitest";
import { bearer, jsonRequest, newEmail, sessionUser, signUp } from "../helpers/accounts";
import { linkIn, mailsTo, waitForMail } from "../helpers/mail";
import { callWorker, ORIGIN } from "../helpers/worker";

const changeEmail = (token: string, email: string) =>
  callWorker(
    "/api/auth/change-email",
    jsonRequest("POST", { newEmail: email, callbackURL: "/" }, { ...bearer({ token }), origin: ORIGIN }),
  );

async function currentEmail(token: string): Promise<string> {
  return (await sessionUser<{ email: string }>(token)).email;
}

describe("POST /api/auth/change-email", () => {
  it("mails the new address, and changes the email only when that link is followed", async () => {
    const account = await signUp();
    const next = newEmail();
    expect((await changeEmail(account.token, next)).status).toBe(200);
    expect(await currentEmail(account.token)).toBe(account.email);

    const link = linkIn(await waitForMail(next));
    const confirmed = await callWorker(`${link.pathname}${link.search}`, { redirect: "manual" });
    expect(confirmed.status).toBe(302);
    expect(await currentEmail(account.token)).toBe(next);

    const signIn = await callWorker(
      "/api/auth/signin",
      jsonRequest("POST", { email: next, password: account.password }),
    );
    expect(signIn.status).toBe(200);
    const oldAddress = await callWorker(
      "/api/auth/signin",
      jsonRequest("POST", { email: account.email, password: account.password }),
    );
    expect(oldAddress.status).toBe(401);
  });

  it("answers a taken address the same way, changes nothing and mails no one there", async () => {
    const account = await signUp();
    const other = await signUp();
    const before = (await mailsTo(other.email)).length;
    const response = await changeEmail(account.token, other.email);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: true });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await mailsTo(other.email)).toHaveLength(before);
    expect(await currentEmail(account.token)).toBe(account.email);
  });
});
