/**
 * The RATE_LIMIT switch: "off" lifts every limit, for end-to-end suites against `npm run dev`; it is
 * refused on an https origin (production), and any value but "on" or "off" is refused, naming it.
 */
import { describe, expect, it } from "vitest";
import { jsonRequest, newEmail } from "../helpers/accounts";
import { expectProblem } from "../helpers/problem";
import { callWorkerWithEnv } from "../helpers/worker";

let lastOctet = 0;
/** An address no other test uses (TEST-NET-3, never routed). */
function newIp(): string {
  lastOctet += 1;
  return `203.0.${100 + Math.floor(Math.random() * 100)}.${lastOctet % 250}`;
}

/** Four sign-ups from one address, back to back (the limit is 3 per address in 10 s). */
async function fourSignUps(env: Record<string, string>): Promise<number[]> {
  const ip = newIp();
  const statuses = [];
  for (let attempt = 1; attempt <= 4; attempt += 1) {
    const body = {
      email: newEmail(),
      password: "a sturdy passphrase",
      software_level: "beginner",
      hardware_background: "none",
    };
    const response = await callWorkerWithEnv(
      env,
      "/api/auth/signup",
      jsonRequest("POST", body, { "cf-connecting-ip": ip }),
    );
    statuses.push(response.status);
  }
  return statuses;
}

describe("RATE_LIMIT", () => {
  it('"on" (the default): the 4th sign-up from one address within 10 s is 429', async () => {
    expect(await fourSignUps({})).toEqual([201, 201, 201, 429]);
    expect(await fourSignUps({ RATE_LIMIT: "on" })).toEqual([201, 201, 201, 429]);
  });

  it('"off": the 4th is accepted too', async () => {
    expect(await fourSignUps({ RATE_LIMIT: "off" })).toEqual([201, 201, 201, 201]);
  });

  it('"off" with an https BETTER_AUTH_URL: every request is 500 CONFIGURATION_ERROR naming RATE_LIMIT', async () => {
    const production = { RATE_LIMIT: "off", BETTER_AUTH_URL: "https://api.example.com" };
    const requests: [path: string, init?: RequestInit][] = [
      ["/health"],
      ["/ping"],
      ["/api/auth/get-session"],
      ["/api/auth/signup", jsonRequest("POST", { email: newEmail(), password: "a sturdy passphrase" })],
      ["/no/such/route"],
    ];
    for (const [path, init] of requests) {
      const body = await expectProblem(await callWorkerWithEnv(production, path, init), 500, "CONFIGURATION_ERROR");
      expect(body.detail, path).toContain('RATE_LIMIT must stay "on" when BETTER_AUTH_URL is https');
    }
    // The same origin with the limits on serves.
    const on = await callWorkerWithEnv({ ...production, RATE_LIMIT: "on" }, "/ping");
    expect(on.status).toBe(200);
  });

  it.each(["maybe", "OFF", "false", ""])("refuses %j, naming it", async (value) => {
    const body = await expectProblem(
      await callWorkerWithEnv({ RATE_LIMIT: value }, "/health"),
      500,
      "CONFIGURATION_ERROR",
    );
    expect(body.detail).toContain('RATE_LIMIT must be "on" or "off"');
  });
});
