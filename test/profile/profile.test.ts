/** /api/user/profile: read, create or replace, change one field, archive; never another user's. */
import { describe, expect, it } from "vitest";
import { createDatabase } from "../../src/db/client";
import { session, user } from "../../src/db/schema";
import { bearer, jsonRequest, signUp } from "../helpers/accounts";
import { databaseUrl } from "../helpers/neon-local";
import { expectProblem } from "../helpers/problem";
import { uniqueName } from "../helpers/unique-name";
import { callWorker } from "../helpers/worker";

const db = createDatabase(databaseUrl);

/** A user the way a social sign-in leaves one: an account and a session, no background profile. */
async function userWithoutProfile() {
  const id = uniqueName("social");
  const token = uniqueName("token");
  await db.batch([
    db.insert(user).values({ id, name: "Social", email: `${id}@example.com` }),
    db
      .insert(session)
      .values({ id: uniqueName("session"), token, userId: id, expiresAt: new Date(Date.now() + 3_600_000) }),
  ]);
  return { userId: id, token };
}

describe("GET /api/user/profile", () => {
  it("returns the profile made at sign-up", async () => {
    const account = await signUp({ software_level: "intermediate", hardware_background: "other" });
    const response = await callWorker("/api/user/profile", { headers: bearer(account) });
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, string>;
    expect(body).toEqual({
      user_id: account.userId,
      software_level: "intermediate",
      hardware_background: "other",
      status: "active",
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
    expect(new Date(body.created_at ?? "").toISOString()).toBe(body.created_at);
  });

  it("answers 404 PROFILE_NOT_FOUND for a user who has none yet", async () => {
    const social = await userWithoutProfile();
    await expectProblem(await callWorker("/api/user/profile", { headers: bearer(social) }), 404, "PROFILE_NOT_FOUND");
  });
});

describe("PUT /api/user/profile", () => {
  it("replaces the profile and says so", async () => {
    const account = await signUp();
    const response = await callWorker(
      "/api/user/profile",
      jsonRequest("PUT", { software_level: "advanced", hardware_background: "embedded systems" }, bearer(account)),
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      success: true,
      user_id: account.userId,
      software_level: "advanced",
      hardware_background: "embedded systems",
    });
    const profile = (await (await callWorker("/api/user/profile", { headers: bearer(account) })).json()) as Record<
      string,
      string
    >;
    expect(profile).toMatchObject({
      software_level: "advanced",
      hardware_background: "embedded systems",
      status: "active",
    });
    expect(String(profile.updated_at) >= String(profile.created_at)).toBe(true);
  });

  it("creates the profile of a user who had none", async () => {
    const social = await userWithoutProfile();
    const put = await callWorker(
      "/api/user/profile",
      jsonRequest("PUT", { software_level: "beginner", hardware_background: "none" }, bearer(social)),
    );
    expect(put.status).toBe(200);
    const profile = await callWorker("/api/user/profile", { headers: bearer(social) });
    expect(await profile.json()).toMatchObject({
      user_id: social.userId,
      software_level: "beginner",
      status: "active",
    });
  });

  it("needs both fields, with values from the enums", async () => {
    const account = await signUp();
    const body = await expectProblem(
      await callWorker("/api/user/profile", jsonRequest("PUT", { software_level: "wizard" }, bearer(account))),
      400,
      "VALIDATION_FAILED",
    );
    expect(body.errors).toEqual([
      { location: "body.software_level", message: "expected one of beginner | intermediate | advanced" },
      { location: "body.hardware_background", message: "expected one of robotics | embedded systems | none | other" },
    ]);
  });
});

describe("PATCH /api/user/profile", () => {
  it("changes one field and keeps the other", async () => {
    const account = await signUp({ software_level: "beginner", hardware_background: "robotics" });
    const response = await callWorker(
      "/api/user/profile",
      jsonRequest("PATCH", { software_level: "advanced" }, bearer(account)),
    );
    expect(await response.json()).toEqual({
      success: true,
      user_id: account.userId,
      software_level: "advanced",
      hardware_background: "robotics",
    });
  });

  it("refuses an empty patch", async () => {
    const account = await signUp();
    await expectProblem(
      await callWorker("/api/user/profile", jsonRequest("PATCH", {}, bearer(account))),
      400,
      "VALIDATION_FAILED",
    );
  });

  it("cannot create a half profile: 404 for a user without one", async () => {
    const social = await userWithoutProfile();
    await expectProblem(
      await callWorker("/api/user/profile", jsonRequest("PATCH", { software_level: "advanced" }, bearer(social))),
      404,
      "PROFILE_NOT_FOUND",
    );
  });
});

describe("DELETE /api/user/profile", () => {
  it("archives the profile, and PUT re-activates it", async () => {
    const account = await signUp();
    const deleted = await callWorker("/api/user/profile", { method: "DELETE", headers: bearer(account) });
    expect(await deleted.json()).toMatchObject({ success: true, status: "archived", user_id: account.userId });
    const profile = await callWorker("/api/user/profile", { headers: bearer(account) });
    expect(await profile.json()).toMatchObject({ status: "archived" });

    await callWorker(
      "/api/user/profile",
      jsonRequest("PUT", { software_level: "beginner", hardware_background: "none" }, bearer(account)),
    );
    const again = await callWorker("/api/user/profile", { headers: bearer(account) });
    expect(await again.json()).toMatchObject({ status: "active", software_level: "beginner" });
  });
});

describe("ownership", () => {
  it("a user's token reads and changes only that user's profile", async () => {
    const mallory = await signUp({ software_level: "advanced", hardware_background: "other" });
    const alice = await signUp({ software_level: "beginner", hardware_background: "robotics" });
    await callWorker(
      "/api/user/profile",
      jsonRequest(
        "PUT",
        { software_level: "intermediate", hardware_background: "none", user_id: alice.userId },
        bearer(mallory),
      ),
    );
    const aliceProfile = await callWorker("/api/user/profile", { headers: bearer(alice) });
    expect(await aliceProfile.json()).toMatchObject({
      user_id: alice.userId,
      software_level: "beginner",
      hardware_background: "robotics",
    });
  });
});
