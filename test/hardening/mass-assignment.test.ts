/**
 * Mass assignment: privileged or server-owned fields (`role`, `emailVerified`, `banned`, another user's id,
 * the profile's status and timestamps…) in any body are ignored or refused with a 400 problem, never a 500,
 * and never written: the database rows afterwards say so.
 */
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { interaction, user } from "../../src/db/schema";
import { bearer, jsonRequest, newEmail, signUp, type TestAccount } from "../helpers/accounts";
import { testDatabase } from "../helpers/admin";
import { stored } from "../helpers/interactions";
import { expectProblem } from "../helpers/problem";
import { callWorker, ORIGIN } from "../helpers/worker";

type UserRow = typeof user.$inferSelect;

const LONG_AGO = "2000-01-01T00:00:00.000Z";
const year2000 = (date: Date | null) => date?.getUTCFullYear() === 2000;

let victim: TestAccount;
let victimBefore: UserRow;

async function rowOf(id: string): Promise<UserRow> {
  const [row] = await testDatabase.select().from(user).where(eq(user.id, id));
  if (!row) throw new Error(`no user ${id}`);
  return row;
}

/** Stands for the other user's id in the table below (known only once the suite has signed up). */
const VICTIM = "<the other user's id>";
const planted = (value: unknown) => (value === VICTIM ? victim.userId : value);

/** A field an attacker sets, and what the row must show afterwards. */
const injections: [field: string, value: unknown, holds: (row: UserRow) => void][] = [
  ["role", "admin", (row) => expect(row.role).toBe("user")],
  ["emailVerified", true, (row) => expect(row.emailVerified).toBe(false)],
  ["banned", true, (row) => expect(row.banned).toBe(false)],
  ["banned", false, (row) => expect(row.banned).toBe(false)],
  ["banReason", "planted", (row) => expect(row.banReason).toBeNull()],
  ["banExpires", "2999-01-01T00:00:00.000Z", (row) => expect(row.banExpires).toBeNull()],
  ["userId", VICTIM, (row) => expect(row.id).not.toBe(victim.userId)],
  ["id", VICTIM, (row) => expect(row.id).not.toBe(victim.userId)],
  ["user_id", VICTIM, (row) => expect(row.id).not.toBe(victim.userId)],
  ["profile_status", "archived", (row) => expect(row.profile_status).toBe("active")],
  ["profile_created_at", LONG_AGO, (row) => expect(year2000(row.profile_created_at)).toBe(false)],
  ["deleted_at", LONG_AGO, (row) => expect(row.deleted_at).toBeNull()],
  ["last_login_at", LONG_AGO, (row) => expect(year2000(row.last_login_at)).toBe(false)],
  ["createdAt", LONG_AGO, (row) => expect(year2000(row.createdAt)).toBe(false)],
  [
    "__proto__",
    { role: "admin", emailVerified: true, banned: true },
    (row) => expect(row).toMatchObject({ role: "user", emailVerified: false, banned: false }),
  ],
];

const password = "correct horse battery staple";
const background = { software_level: "beginner", hardware_background: "robotics" };

/** Ignored (2xx) or refused as our 400 problem: both are fine; anything else is not. */
async function expectIgnoredOrRefused(response: Response) {
  if (response.status < 300) return;
  const { code } = (await response.clone().json()) as { code?: string };
  expect(["VALIDATION_FAILED", "BAD_REQUEST"]).toContain(code);
  await expectProblem(response, 400, String(code));
}

beforeAll(async () => {
  victim = await signUp();
  victimBefore = await rowOf(victim.userId);
});

describe.each(["/api/auth/signup", "/api/auth/sign-up/email"])("sign-up through %s", (route) => {
  it.each(injections)("with %s=%j writes nothing privileged", async (field, value, holds) => {
    const email = newEmail();
    const body = { email, password, ...background, [field]: planted(value) };
    const response = await callWorker(route, jsonRequest("POST", body, { origin: ORIGIN }));
    await expectIgnoredOrRefused(response);
    const [created] = await testDatabase.select().from(user).where(eq(user.email, email));
    if (response.status < 300 && created) holds(created);
    else expect(created).toBeUndefined();
    expect(await rowOf(victim.userId)).toEqual(victimBefore);
  });
});

/** The caller's own changes that must take effect next to the injected field. */
const updates: [
  label: string,
  method: string,
  path: string,
  body: Record<string, unknown>,
  applied: (row: UserRow) => void,
][] = [
  [
    "POST /api/auth/update-user",
    "POST",
    "/api/auth/update-user",
    { name: "Mallory" },
    (row) => expect(row.name).toBe("Mallory"),
  ],
  ["PUT /api/user", "PUT", "/api/user", { name: "Mallory" }, (row) => expect(row.name).toBe("Mallory")],
  [
    "PUT /api/user/profile",
    "PUT",
    "/api/user/profile",
    { software_level: "advanced", hardware_background: "other" },
    (row) => expect(row.software_level).toBe("advanced"),
  ],
  [
    "PATCH /api/user/profile",
    "PATCH",
    "/api/user/profile",
    { software_level: "intermediate" },
    (row) => expect(row.software_level).toBe("intermediate"),
  ],
];

describe.each(updates)("%s", (_, method, path, legitimate, applied) => {
  let caller: TestAccount;

  beforeAll(async () => {
    caller = await signUp();
  });

  it.each(injections)("with %s=%j changes only the caller's own allowed fields", async (field, value, holds) => {
    const response = await callWorker(
      path,
      jsonRequest(method, { ...legitimate, [field]: planted(value) }, { ...bearer(caller), origin: ORIGIN }),
    );
    await expectIgnoredOrRefused(response);
    const row = await rowOf(caller.userId);
    holds(row);
    if (response.status < 300) applied(row);
    expect(await rowOf(victim.userId)).toEqual(victimBefore);
  });
});

describe("interactions", () => {
  it("are recorded for the caller with the profile the server holds, whatever the body claims", async () => {
    const caller = await signUp();
    const forgedId = crypto.randomUUID();
    const response = await callWorker(
      "/api/personalization/interactions",
      jsonRequest(
        "POST",
        {
          content_type: "chat",
          userId: victim.userId,
          user_id: victim.userId,
          id: forgedId,
          software_level: "advanced",
          hardware_background: "other",
          created_at: LONG_AGO,
          createdAt: LONG_AGO,
        },
        bearer(caller),
      ),
    );
    expect(response.status).toBe(202);
    const { id } = (await response.json()) as { id: string };
    expect(id).not.toBe(forgedId);
    const [row] = await stored([id]);
    expect(row).toMatchObject({ userId: caller.userId, softwareLevel: "beginner", hardwareBackground: "robotics" });
    expect(year2000(row?.createdAt ?? null)).toBe(false);
    expect(await testDatabase.select().from(interaction).where(eq(interaction.userId, victim.userId))).toEqual([]);
  });
});

describe("Better Auth's admin endpoints", () => {
  it.each([
    ["/api/auth/admin/set-role", (self: string) => ({ userId: self, role: "admin" })],
    ["/api/auth/admin/update-user", (self: string) => ({ userId: self, data: { role: "admin", emailVerified: true } })],
    ["/api/auth/admin/unban-user", (self: string) => ({ userId: self })],
  ])("%s refuses a user promoting themselves", async (path, body) => {
    const caller = await signUp();
    const response = await callWorker(
      path,
      jsonRequest("POST", body(caller.userId), { ...bearer(caller), origin: ORIGIN }),
    );
    await expectProblem(response, 403, "FORBIDDEN");
    expect(await rowOf(caller.userId)).toMatchObject({ role: "user", emailVerified: false });
  });
});
