/** The one error shape: unknown routes, configuration faults, request ids, and nothing internal leaking. */
import { describe, expect, it } from "vitest";
import { expectProblem } from "../helpers/problem";
import { callWorker, callWorkerWithEnv } from "../helpers/worker";

describe("unknown routes", () => {
  it("answer 404 as a problem document naming the method and path", async () => {
    const body = await expectProblem(await callWorker("/no/such/route"), 404, "NOT_FOUND");
    expect(body.detail).toBe("No route for GET /no/such/route");
  });

  it("answer 404 to a POST with a malformed JSON body too", async () => {
    const response = await callWorker("/no/such/route", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{not json",
    });
    await expectProblem(response, 404, "NOT_FOUND");
  });
});

describe("request ids", () => {
  it("are generated for every response", async () => {
    const first = (await callWorker("/health")).headers.get("x-request-id");
    const second = (await callWorker("/health")).headers.get("x-request-id");
    expect(first).toMatch(/^[0-9a-f-]{36}$/);
    expect(second).not.toBe(first);
  });

  it("are taken from the caller when it sends a well-formed one", async () => {
    const response = await callWorker("/nowhere", { headers: { "x-request-id": "trace-abc-123" } });
    expect(response.headers.get("x-request-id")).toBe("trace-abc-123");
    expect((await expectProblem(response, 404, "NOT_FOUND")).request_id).toBe("trace-abc-123");
  });
});

describe("configuration faults", () => {
  it("name the missing secret without serving", async () => {
    const body = await expectProblem(
      await callWorkerWithEnv({ DATABASE_URL: undefined }, "/health"),
      500,
      "CONFIGURATION_ERROR",
    );
    expect(body.detail).toContain("DATABASE_URL");
  });

  it("name a secret that is not a postgres URL", async () => {
    const body = await expectProblem(
      await callWorkerWithEnv({ DATABASE_URL: "mysql://u:p@db/x" }, "/health"),
      500,
      "CONFIGURATION_ERROR",
    );
    expect(body.detail).toContain("DATABASE_URL must be a postgres:// or postgresql:// connection string");
  });

  it("refuse an auth secret shorter than 32 characters, naming it", async () => {
    const body = await expectProblem(
      await callWorkerWithEnv({ BETTER_AUTH_SECRET: "too-short" }, "/health"),
      500,
      "CONFIGURATION_ERROR",
    );
    expect(body.detail).toContain("BETTER_AUTH_SECRET must be at least 32 characters");
    expect(body.detail).not.toContain("too-short");
  });

  it("refuse a social provider's client id without its secret, naming the missing one", async () => {
    const body = await expectProblem(
      await callWorkerWithEnv({ GITHUB_CLIENT_ID: "Iv1.half-configured", GITHUB_CLIENT_SECRET: undefined }, "/health"),
      500,
      "CONFIGURATION_ERROR",
    );
    expect(body.detail).toContain("GITHUB_CLIENT_SECRET is required when GITHUB_CLIENT_ID is set");
    expect(body.detail).not.toContain("Iv1.half-configured");
  });

  it.each([
    ["an FCM service account that is no JSON", { FCM_SERVICE_ACCOUNT: "secret-key-material" }, "FCM_SERVICE_ACCOUNT"],
    [
      "an FCM service account without its private key",
      { FCM_SERVICE_ACCOUNT: JSON.stringify({ project_id: "p", client_email: "a@p.iam.gserviceaccount.com" }) },
      "FCM_SERVICE_ACCOUNT.private_key",
    ],
    ["a Twilio account without its token", { TWILIO_AUTH_TOKEN: undefined }, "TWILIO_AUTH_TOKEN"],
    ["Twilio with both senders", { TWILIO_MESSAGING_SERVICE_SID: "MG0123" }, "TWILIO_FROM"],
  ])("refuse %s, naming it and not its value", async (_, overrides, named) => {
    const body = await expectProblem(await callWorkerWithEnv(overrides, "/health"), 500, "CONFIGURATION_ERROR");
    expect(body.detail).toContain(named);
    expect(body.detail).not.toContain("secret-key-material");
  });
});
