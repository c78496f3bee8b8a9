/** Changing the email: confirmed from the new address; a taken address gets the same answer and no change. */
import { describe, expect, it } from "vitest";
import { bearer, jsonRequest, newEmail, sessionUser, signIn, signUp } from "../helpers/accounts";
import { followLink, linkIn, mailsTo, waitForMail } from "../helpers/mail";
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

    const confirmed = await followLink(linkIn(await waitForMail(next)));
    expect(confirmed.status).toBe(302);
    expect(await currentEmail(account.token)).toBe(next);

    expect((await signIn({ ...account, email: next })).status).toBe(200);
    expect((await signIn(account)).status).toBe(401);
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
