/** How many database round trips sign-up and sign-in cost, counted by the local endpoint for this test alone. */
import { describe, expect, it } from "vitest";
import { jsonRequest, newEmail } from "../helpers/accounts";
import { countedWorker } from "../helpers/neon-local";

const newAccount = () => ({
  email: newEmail(),
  password: "a sturdy passphrase",
  software_level: "beginner",
  hardware_background: "none",
});

describe("database round trips", () => {
  it("sign-up: one read (is the email taken?), then user, account and session in one batch", async () => {
    const worker = countedWorker("signup");
    const response = await worker.call("/api/auth/signup", jsonRequest("POST", newAccount()));
    expect(response.status).toBe(201);
    expect(await worker.counts()).toEqual({ requests: 2, statements: 4, batches: 1, errors: 0 });
  });

  it("sign-in takes at most 3", async () => {
    const worker = countedWorker("signin");
    const account = newAccount();
    await worker.call("/api/auth/signup", jsonRequest("POST", account));
    const before = (await worker.counts()).requests;
    const response = await worker.call(
      "/api/auth/signin",
      jsonRequest("POST", { email: account.email, password: account.password }),
    );
    expect(response.status).toBe(200);
    const used = (await worker.counts()).requests - before;
    expect(used).toBeGreaterThan(0);
    expect(used).toBeLessThanOrEqual(3);
  });

  it("a cold context (bare session token, no cache) takes at most 2", async () => {
    const worker = countedWorker("cold_context");
    const signUp = await worker.call("/api/auth/signup", jsonRequest("POST", newAccount()));
    const { session_token } = (await signUp.json()) as { session_token: string };
    const before = (await worker.counts()).requests;
    const response = await worker.call("/api/personalization/context", {
      headers: { authorization: `Bearer ${session_token}` },
    });
    expect(response.status).toBe(200);
    const used = (await worker.counts()).requests - before;
    expect(used).toBeGreaterThan(0);
    expect(used).toBeLessThanOrEqual(2);
  });
});
