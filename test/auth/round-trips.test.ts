/** How many database round trips sign-up and sign-in cost, counted by the local endpoint for this test alone. */
import { describe, expect, it } from "vitest";
import { jsonRequest, newEmail } from "../helpers/accounts";
import { databaseUrlFor, endpointStats } from "../helpers/neon-local";
import { uniqueName } from "../helpers/unique-name";
import { callWorkerWithEnv } from "../helpers/worker";

describe("database round trips", () => {
  it("sign-up writes user, account and session in one batch", async () => {
    const application = uniqueName("signup");
    const env = { DATABASE_URL: databaseUrlFor(application) };
    const body = {
      email: newEmail(),
      password: "a sturdy passphrase",
      software_level: "beginner",
      hardware_background: "none",
    };
    const response = await callWorkerWithEnv(env, "/api/auth/signup", jsonRequest("POST", body));
    expect(response.status).toBe(201);
    // One read (is the email taken?), then user, account and session in one batch.
    expect((await endpointStats()).byApplication[application]).toEqual({
      requests: 2,
      statements: 4,
      batches: 1,
      errors: 0,
    });
  });

  it("sign-in takes at most 3", async () => {
    const application = uniqueName("signin");
    const env = { DATABASE_URL: databaseUrlFor(application) };
    const body = {
      email: newEmail(),
      password: "a sturdy passphrase",
      software_level: "beginner",
      hardware_background: "none",
    };
    await callWorkerWithEnv(env, "/api/auth/signup", jsonRequest("POST", body));
    const before = (await endpointStats()).byApplication[application]?.requests ?? 0;
    const response = await callWorkerWithEnv(
      env,
      "/api/auth/signin",
      jsonRequest("POST", { email: body.email, password: body.password }),
    );
    expect(response.status).toBe(200);
    const after = (await endpointStats()).byApplication[application]?.requests ?? 0;
    expect(after - before).toBeGreaterThan(0);
    expect(after - before).toBeLessThanOrEqual(3);
  });
});
