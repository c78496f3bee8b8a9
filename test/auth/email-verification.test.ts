/** Email verification: sent at sign-up, resent on request, verified by its link, redirecting only to trusted origins. */
import { describe, expect, it } from "vitest";
import { emailVerified, jsonRequest, signUp } from "../helpers/accounts";
import { followLink, linkIn, mailsTo, waitForMail } from "../helpers/mail";
import { expectProblem } from "../helpers/problem";
import { callWorker, ORIGIN } from "../helpers/worker";

describe("email verification", () => {
  it("is mailed at sign-up, in text and HTML, with the product name and a link", async () => {
    const account = await signUp();
    const mail = await waitForMail(account.email);
    expect(mail.to).toEqual([account.email]);
    expect(mail.from).toContain("persona-edge");
    expect(mail.subject).toContain("persona-edge");
    const link = linkIn(mail);
    expect(link.origin).toBe(ORIGIN);
    expect(link.pathname).toBe("/api/auth/verify-email");
    expect(mail.html).toContain(link.searchParams.get("token"));
    expect(mail.html).toContain("persona-edge");
  });

  it("the link verifies the email and redirects to the callback on a trusted origin", async () => {
    const account = await signUp();
    expect(await emailVerified(account.token)).toBe(false);
    const link = linkIn(await waitForMail(account.email));
    link.searchParams.set("callbackURL", "http://localhost:3000/welcome");
    const response = await followLink(link);
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("http://localhost:3000/welcome");
    expect(await emailVerified(account.token)).toBe(true);
  });

  it("a link with a forged or broken token verifies nothing", async () => {
    const account = await signUp();
    const link = linkIn(await waitForMail(account.email));
    link.searchParams.set("token", `${link.searchParams.get("token")}x`);
    link.searchParams.delete("callbackURL");
    const response = await followLink(link);
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(await emailVerified(account.token)).toBe(false);
  });

  it("can be resent, and refuses a callback on a foreign origin", async () => {
    const account = await signUp();
    await waitForMail(account.email);
    const resent = await callWorker(
      "/api/auth/send-verification-email",
      jsonRequest("POST", { email: account.email, callbackURL: "/" }, { origin: ORIGIN }),
    );
    expect(resent.status).toBe(200);
    await waitForMail(account.email, 2);

    const foreign = await callWorker(
      "/api/auth/send-verification-email",
      jsonRequest("POST", { email: account.email, callbackURL: "https://evil.example/phish" }, { origin: ORIGIN }),
    );
    await expectProblem(foreign, 403, "FORBIDDEN");
    expect(await mailsTo(account.email)).toHaveLength(2);
  });
});
