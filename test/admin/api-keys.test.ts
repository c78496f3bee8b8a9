/**
 * API keys for backend services: issued, listed and revoked by admins, and read analytics with `x-api-key`
 * (Better Auth's API key plugin, checked in the database on every request).
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { apikey } from "../../src/db/schema";
import { bearer, jsonRequest, signUp } from "../helpers/accounts";
import { signUpAdmin, testDatabase } from "../helpers/admin";
import { expectProblem } from "../helpers/problem";
import { callWorker } from "../helpers/worker";

interface IssuedKey {
  id: string;
  key: string;
  name: string;
  start: string;
  owner_id: string;
  permissions: Record<string, string[]>;
  expires_at: string;
}

async function issue(headers: Record<string, string>, body: unknown = { name: "etl" }) {
  return callWorker("/api/admin/api-keys", jsonRequest("POST", body, headers));
}

const readAnalytics = (key: string) =>
  callWorker("/api/admin/analytics/effectiveness?group_by=content_type", { headers: { "x-api-key": key } });

describe("API keys", () => {
  it("an admin issues one that reads analytics, shown once, expiring as asked", async () => {
    const admin = await signUpAdmin();
    const response = await issue(bearer(admin), { name: "nightly-etl", expires_in_days: 30 });
    expect(response.status).toBe(201);
    const issued = (await response.json()) as IssuedKey;
    expect(issued).toMatchObject({
      name: "nightly-etl",
      owner_id: admin.userId,
      permissions: { analytics: ["read"] },
      key: expect.any(String),
    });
    const days = (Date.parse(issued.expires_at) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThan(30.1);
    const [stored] = await testDatabase.select().from(apikey).where(eq(apikey.id, issued.id));
    expect(stored?.key).not.toBe(issued.key);

    const analytics = await readAnalytics(issued.key);
    expect(analytics.status).toBe(200);
    expect(await analytics.json()).toMatchObject({ group_by: ["content_type"] });
  });

  it("lists keys without the keys themselves, and a revoked key answers 401", async () => {
    const admin = await signUpAdmin();
    const issued = (await (await issue(bearer(admin))).json()) as IssuedKey;
    const list = await callWorker("/api/admin/api-keys", { headers: bearer(admin) });
    const { api_keys } = (await list.json()) as { api_keys: Record<string, unknown>[] };
    const listed = api_keys.find((entry) => entry.id === issued.id);
    expect(listed).toMatchObject({ name: "etl", start: issued.start, owner_id: admin.userId });
    expect(JSON.stringify(api_keys)).not.toContain(issued.key);

    const revoked = await callWorker(`/api/admin/api-keys/${issued.id}`, { method: "DELETE", headers: bearer(admin) });
    expect(revoked.status).toBe(200);
    await expectProblem(await readAnalytics(issued.key), 401, "UNAUTHENTICATED");
    await expectProblem(
      await callWorker(`/api/admin/api-keys/${issued.id}`, { method: "DELETE", headers: bearer(admin) }),
      404,
      "NOT_FOUND",
    );
  });

  it("refuses an expired key and an unknown one", async () => {
    const admin = await signUpAdmin();
    const issued = (await (await issue(bearer(admin))).json()) as IssuedKey;
    await testDatabase
      .update(apikey)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(apikey.id, issued.id));
    await expectProblem(await readAnalytics(issued.key), 401, "UNAUTHENTICATED");
    await expectProblem(await readAnalytics("not-a-key"), 401, "UNAUTHENTICATED");
  });

  it("only admins issue and list keys; the plugin's own routes are not served", async () => {
    const user = await signUp();
    await expectProblem(await issue(bearer(user)), 403, "FORBIDDEN");
    await expectProblem(await callWorker("/api/admin/api-keys", { headers: bearer(user) }), 403, "FORBIDDEN");
    for (const path of ["/api/auth/api-key/create", "/api/auth/api-key/list"]) {
      const response = await callWorker(path, jsonRequest("POST", { name: "mine" }, bearer(user)));
      expect(response.status, path).toBe(404);
    }
  });

  it.each([
    [{}, "body.name"],
    [{ name: "x".repeat(33) }, "body.name"],
    [{ name: "etl", expires_in_days: 0 }, "body.expires_in_days"],
    [{ name: "etl", expires_in_days: 366 }, "body.expires_in_days"],
  ])("refuses %j naming %s", async (body, location) => {
    const admin = await signUpAdmin();
    const problem = await expectProblem(await issue(bearer(admin), body), 400, "VALIDATION_FAILED");
    expect(problem.errors).toEqual([expect.objectContaining({ location })]);
  });
});
