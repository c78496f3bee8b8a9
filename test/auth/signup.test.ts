/** POST /api/auth/signup, and Better Auth's own /sign-up/email held to the same contract. */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createDatabase } from "../../src/db/client";
import { user } from "../../src/db/schema";
import { jsonRequest, newEmail, sessionCookie } from "../helpers/accounts";
import { databaseUrl, injectFault } from "../helpers/neon-local";
import { expectProblem } from "../helpers/problem";
import { callWorker } from "../helpers/worker";

const db = createDatabase(databaseUrl);
const valid = () => ({
  email: newEmail(),
  password: "a sturdy passphrase",
  name: "Ada",
  software_level: "intermediate",
  hardware_background: "embedded systems",
});

describe("POST /api/auth/signup", () => {
  it("creates the account with its profile and signs in: 201, token and cookie", async () => {
    const input = valid();
    const response = await callWorker("/api/auth/signup", jsonRequest("POST", input));
    expect(response.status).toBe(201);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toEqual({ success: true, user_id: expect.any(String), session_token: expect.any(String) });
    expect(sessionCookie(response)).toContain("session_token=");

    const [row] = await db
      .select()
      .from(user)
      .where(eq(user.id, body.user_id as string));
    expect(row).toMatchObject({
      email: input.email,
      name: "Ada",
      software_level: "intermediate",
      hardware_background: "embedded systems",
      profile_status: "active",
    });
  });

  it("normalises the email, so case and spaces never make a second account", async () => {
    const input = valid();
    const first = await callWorker(
      "/api/auth/signup",
      jsonRequest("POST", { ...input, email: ` ${input.email.toUpperCase()} ` }),
    );
    expect(first.status).toBe(201);
    const again = await callWorker("/api/auth/signup", jsonRequest("POST", input));
    await expectProblem(again, 409, "CONFLICT");
    expect(await db.select().from(user).where(eq(user.email, input.email))).toHaveLength(1);
  });

  it.each([
    ["software_level", { software_level: undefined }, "body.software_level"],
    ["hardware_background", { hardware_background: undefined }, "body.hardware_background"],
    ["email", { email: undefined }, "body.email"],
    ["password", { password: undefined }, "body.password"],
  ])("refuses a missing %s with 400 naming it", async (_, change, location) => {
    const body = await expectProblem(
      await callWorker("/api/auth/signup", jsonRequest("POST", { ...valid(), ...change })),
      400,
      "VALIDATION_FAILED",
    );
    expect(body.errors).toEqual([expect.objectContaining({ location })]);
  });

  it("refuses values outside the enums, listing the allowed ones", async () => {
    const body = await expectProblem(
      await callWorker(
        "/api/auth/signup",
        jsonRequest("POST", { ...valid(), software_level: "expert", hardware_background: "fpga" }),
      ),
      400,
      "VALIDATION_FAILED",
    );
    expect(body.errors).toEqual([
      { location: "body.software_level", message: "expected one of beginner | intermediate | advanced" },
      { location: "body.hardware_background", message: "expected one of robotics | embedded systems | none | other" },
    ]);
  });

  it("refuses a short password and a malformed email", async () => {
    const body = await expectProblem(
      await callWorker(
        "/api/auth/signup",
        jsonRequest("POST", { ...valid(), password: "short", email: "not-an-email" }),
      ),
      400,
      "VALIDATION_FAILED",
    );
    expect(body.errors).toEqual(
      expect.arrayContaining([
        { location: "body.password", message: "at least 8 characters" },
        { location: "body.email", message: "expected an email address" },
      ]),
    );
  });

  it("answers a malformed JSON body with 400 MALFORMED_JSON", async () => {
    const response = await callWorker("/api/auth/signup", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"email": "x@example.com",',
    });
    await expectProblem(response, 400, "MALFORMED_JSON");
  });

  it("answers 503 and leaves no user when the database fails the profile write", async () => {
    const input = valid();
    await injectFault({ query: 'insert into "user"', param: input.email, kind: "connection" });
    const response = await callWorker("/api/auth/signup", jsonRequest("POST", input));
    const body = await expectProblem(response, 503, "DATABASE_UNAVAILABLE");
    expect(response.headers.get("retry-after")).toBe("5");
    expect(JSON.stringify(body)).not.toMatch(/insert|select|"user"/i);
    expect(await db.select().from(user).where(eq(user.email, input.email))).toEqual([]);
  });
});

describe("sign-up is all or nothing", () => {
  it.each([
    ["the credential account", 'insert into "account"'],
    ["the session", 'insert into "session"'],
  ])("a database failure while writing %s leaves no user behind", async (_, query) => {
    const input = valid();
    await injectFault({ query, param: input.email, kind: "connection" });
    await expectProblem(await callWorker("/api/auth/signup", jsonRequest("POST", input)), 503, "DATABASE_UNAVAILABLE");
    expect(await db.select().from(user).where(eq(user.email, input.email))).toEqual([]);
  });

  it("a serialization failure (SQLSTATE 40001) on the batch is a 503, with nothing written", async () => {
    const input = valid();
    await injectFault({ query: 'insert into "session"', param: input.email, kind: "sqlstate", sqlstate: "40001" });
    await expectProblem(await callWorker("/api/auth/signup", jsonRequest("POST", input)), 503, "DATABASE_UNAVAILABLE");
    expect(await db.select().from(user).where(eq(user.email, input.email))).toEqual([]);
  });
});

describe("Better Auth's POST /api/auth/sign-up/email", () => {
  it("takes the two background fields", async () => {
    const input = valid();
    const response = await callWorker("/api/auth/sign-up/email", jsonRequest("POST", input));
    expect(response.status).toBe(200);
    const body = (await response.json()) as { user: Record<string, unknown> };
    expect(body.user).toMatchObject({ software_level: "intermediate", hardware_background: "embedded systems" });
  });

  it("is held to our schema: an unknown level is a 400 problem", async () => {
    const body = await expectProblem(
      await callWorker("/api/auth/sign-up/email", jsonRequest("POST", { ...valid(), software_level: "guru" })),
      400,
      "VALIDATION_FAILED",
    );
    expect(body.errors).toEqual([expect.objectContaining({ location: "body.software_level" })]);
  });

  it("cannot set the profile status or timestamps", async () => {
    const input = { ...valid(), profile_status: "archived" };
    const response = await callWorker("/api/auth/sign-up/email", jsonRequest("POST", input));
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(await db.select().from(user).where(eq(user.email, input.email))).toEqual([]);
  });
});
