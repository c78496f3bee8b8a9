/** Password reset: the same answer for any email, a single-use expiring link, and every session revoked. */
import { afterEach, describe, expect, it, vi } from "vitest";
import { bearer, jsonRequest, newEmail, signIn, signUp } from "../helpers/accounts";
import { followLink, linkIn, mailsTo, waitForMail } from "../helpers/mail";
import { expectProblem } from "../helpers/problem";
import { expectSignedOut } from "../helpers/sessions";
import { callWorker, ORIGIN } from "../helpers/worker";

afterEach(() => {
  vi.useRealTimers();
});

const requestReset = (email: string) =>
  callWorker(
    "/api/auth/request-password-reset",
    jsonRequest("POST", { email, redirectTo: `${ORIGIN}/reset` }, { origin: ORIGIN }),
  );

/** Follows the mailed link as a browser would, and returns the token it lands with. */
async function resetToken(email: string, mailNumber = 2): Promise<string> {
  // Mail 1 is the sign-up verification.
  const landing = await followLink(linkIn(await waitForMail(email, mailNumber)));
  expect(landing.status).toBe(302);
  const location = new URL(landing.headers.get("location") ?? "", ORIGIN);
  expect(location.origin + location.pathname).toBe(`${ORIGIN}/reset`);
  return location.searchParams.get("token") ?? "";
}

const resetPassword = (token: string, newPassword: string) =>
  callWorker("/api/auth/reset-password", jsonRequest("POST", { token, newPassword }, { origin: ORIGIN }));

describe("password reset", () => {
  it("answers a known and an unknown email alike", async () => {
    const account = await signUp();
    const known = await requestReset(account.email);
    const unknown = await requestReset(newEmail());
    expect(known.status).toBe(200);
    expect(unknown.status).toBe(known.status);
    expect(await unknown.json()).toEqual(await known.json());
  });

  it("sets the new password, revokes every session, and the link works once", async () => {
    const account = await signUp();
    await requestReset(account.email);
    const token = await resetToken(account.email);

    expect((await resetPassword(token, "a brand new passphrase")).status).toBe(200);
    await expectSignedOut(bearer(account));
    expect((await signIn({ ...account, password: "a brand new passphrase" })).status).toBe(200);
    expect((await signIn(account)).status).toBe(401);

    await expectProblem(await resetPassword(token, "yet another passphrase"), 400, "BAD_REQUEST");
  });

  it("refuses a link older than an hour", async () => {
    const account = await signUp();
    await requestReset(account.email);
    const token = await resetToken(account.email);
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + 61 * 60 * 1000);
    await expectProblem(await resetPassword(token, "a brand new passphrase"), 400, "BAD_REQUEST");
  });

  it("mails nothing for an unknown email", async () => {
    const email = newEmail();
    await requestReset(email);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await mailsTo(email)).toEqual([]);
  });
});
