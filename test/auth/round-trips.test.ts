/**
 * How many database round trips sign-up and sign-in cost, counted by the local endpoint for this test
 * alone. Requests carry `cf-connecting-ip` as on Cloudflare, so the rate limiter counts them as in production.
 */
import { describe, expect, it } from "vitest";
import { jsonRequest, newEmail } from "../helpers/accounts";
import { countedWorker } from "../helpers/neon-local";

const fromEdge = () => ({ "cf-connecting-ip": `192.0.2.${Math.floor(Math.random() * 250) + 1}` });

const newAccount = () => ({
  email: newEmail(),
  password: "a sturdy passphrase",
  software_level: "beginner",
  hardware_background: "none",
});

describe("database round trips", () => {
  it("sign-up: the rate-limit count, one read (is the email taken?), then user, account and session in one batch", async () => {
    const worker = countedWorker("signup");
    const response = await worker.call("/api/auth/signup", jsonRequest("POST", newAccount(), fromEdge()));
    expect(response.status).toBe(201);
    expect(await worker.counts()).toEqual({ requests: 3, statements: 5, batches: 1, errors: 0 });
  });

  it("sign-in takes 3: the rate-limit count (IP and account in one statement), the user with its accounts, the session", async () => {
    const worker = countedWorker("signin");
    const account = newAccount();
    await worker.call("/api/auth/signup", jsonRequest("POST", account));
    const before = (await worker.counts()).requests;
    const response = await worker.call(
      "/api/auth/signin",
      jsonRequest("POST", { email: account.email, password: account.password }, fromEdge()),
    );
    expect(response.status).toBe(200);
    const used = (await worker.counts()).requests - before;
    expect(used).toBe(3);
  });

  it("a cold context (bare session token, no cache) takes 1: the session with its user", async () => {
    const worker = countedWorker("cold_context");
    const signUp = await worker.call("/api/auth/signup", jsonRequest("POST", newAccount()));
    const { session_token } = (await signUp.json()) as { session_token: string };
    const before = (await worker.counts()).requests;
    const response = await worker.call("/api/personalization/context", {
      headers: { authorization: `Bearer ${session_token}` },
    });
    expect(response.status).toBe(200);
    const used = (await worker.counts()).requests - before;
    expect(used).toBe(1);
  });
});
