/**
 * "Download my data": GET /api/user/export answers one JSON document with everything held about the
 * caller, streamed page by page, after a recent sign-in only, and a few times an hour at most.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { EXPORT_PAGE_SIZE } from "../../src/account/export-sections";
import { interaction, session } from "../../src/db/schema";
import { bearer, jsonRequest, signUp, type TestAccount } from "../helpers/accounts";
import { testDatabase } from "../helpers/admin";
import { concurrentDatabase, isolatedWorker } from "../helpers/concurrent-database";
import { expectProblem } from "../helpers/problem";
import { callWorker, ORIGIN } from "../helpers/worker";

interface ExportDocument {
  format: string;
  exported_at: string;
  account: Record<string, unknown>;
  profile: Record<string, unknown> | null;
  sessions: { id: string; current: boolean }[];
  devices: unknown[];
  consents: { origin: string; fields: string[] }[];
  security_log: { type: string }[];
  interactions: { id: string; created_at: string }[];
  notifications: unknown[];
}

let nextIp = 1;
const ownIp = () => `198.18.7.${(nextIp++ % 250) + 1}`;

const exportOf = (account: Pick<TestAccount, "token">, ip = ownIp(), call = callWorker) =>
  call("/api/user/export", { headers: { ...bearer(account), "cf-connecting-ip": ip } });

/** The security log once it holds an event of `type` (events arrive through the queue). */
async function waitForEvent(account: TestAccount, type: string) {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const response = await callWorker(`/api/user/security-log?type=${type}`, { headers: bearer(account) });
    if (((await response.json()) as { items: unknown[] }).items.length > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no ${type} event within 20 s`);
}

describe("GET /api/user/export", { timeout: 60_000 }, () => {
  it("answers every section as an attachment, and logs the export", async () => {
    const account = await signUp({ software_level: "advanced", hardware_background: "embedded systems" });
    await callWorker(
      "/api/user/consents",
      jsonRequest(
        "PUT",
        { consents: [{ origin: "http://localhost:8788", fields: ["notes"] }] },
        { origin: ORIGIN, ...bearer(account) },
      ),
    );
    await waitForEvent(account, "consents_changed");
    const response = await exportOf(account);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(response.headers.get("content-disposition")).toMatch(
      /^attachment; filename="persona-edge-export-\d{4}-\d\d-\d\d\.json"$/,
    );
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    const document = (await response.json()) as ExportDocument;
    expect(Object.keys(document)).toEqual([
      "format",
      "exported_at",
      "account",
      "profile",
      "sessions",
      "devices",
      "consents",
      "security_log",
      "interactions",
      "notifications",
    ]);
    expect(document.format).toBe("persona-edge-export/1");
    expect(document.account).toMatchObject({
      id: account.userId,
      email: account.email,
      sign_in_methods: [expect.objectContaining({ provider: "credential" })],
      passkeys: [],
      two_factor_enabled: false,
    });
    // No secrets: no hash, no token.
    const text = JSON.stringify(document);
    expect(text).not.toContain(account.token);
    expect(text).not.toContain("scrypt");
    expect(document.profile).toMatchObject({ software_level: "advanced", hardware_background: "embedded systems" });
    expect(document.sessions).toEqual([expect.objectContaining({ current: true })]);
    expect(document.consents).toEqual([
      expect.objectContaining({ origin: "http://localhost:8788", fields: ["notes"] }),
    ]);
    expect(document.security_log.map(({ type }) => type)).toEqual(["consents_changed", "sign_in", "account_created"]);
    expect(document.interactions).toEqual([]);
    await waitForEvent(account, "data_exported");
  });

  it("streams sections larger than a page whole, newest first, each record once", async () => {
    const worker = isolatedWorker("export_pages");
    const account = await signUp({}, { call: worker.call });
    const total = EXPORT_PAGE_SIZE * 2 + 500;
    const start = Date.now() - total * 1000;
    await concurrentDatabase.insert(interaction).values(
      Array.from({ length: total }, (_, index) => ({
        userId: account.userId,
        contentType: "chat",
        createdAt: new Date(start + index * 1000),
      })),
    );
    const response = await exportOf(account, ownIp(), worker.call);
    expect(response.status).toBe(200);
    const { interactions } = (await response.json()) as ExportDocument;
    expect(interactions).toHaveLength(total);
    expect(new Set(interactions.map(({ id }) => id)).size).toBe(total);
    const times = interactions.map(({ created_at }) => Date.parse(created_at));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it("breaks the download, rather than end it as if whole, when the database fails mid-stream", async () => {
    const worker = isolatedWorker("export_fault");
    const account = await signUp({}, { call: worker.call });
    await concurrentDatabase
      .insert(interaction)
      .values(Array.from({ length: EXPORT_PAGE_SIZE + 1 }, () => ({ userId: account.userId, contentType: "chat" })));
    // The first page of interactions is read; the second fails.
    await worker.fault({ kind: "http500", query: 'from "interaction"', skip: 1 });
    const response = await exportOf(account, ownIp(), worker.call);
    expect(response.status).toBe(200);
    await expect(response.text()).rejects.toThrow();
  });

  it("answers 503 before the first byte when the database fails at once", async () => {
    const worker = isolatedWorker("export_down");
    const account = await signUp({}, { call: worker.call });
    await worker.fault({ kind: "http500", times: 10 });
    await expectProblem(await exportOf(account, ownIp(), worker.call), 503, "DATABASE_UNAVAILABLE");
  });

  it("needs a sign-in from the last 10 minutes", async () => {
    const account = await signUp();
    await testDatabase
      .update(session)
      .set({ createdAt: new Date(Date.now() - 11 * 60 * 1000) })
      .where(eq(session.userId, account.userId));
    const refused = await expectProblem(await exportOf(account), 403, "REAUTHENTICATION_REQUIRED");
    expect(refused.detail).toBe("Sign in again, then download your data within 10 minutes.");
    await expectProblem(await callWorker("/api/user/export"), 401, "UNAUTHENTICATED");
  });

  it("is refused to an embedding site, and limited to 5 an hour per client address", async () => {
    const account = await signUp();
    await expectProblem(
      await callWorker("/api/user/export", { headers: { ...bearer(account), origin: "http://localhost:8788" } }),
      403,
      "FORBIDDEN",
    );
    const ip = ownIp();
    const answers: number[] = [];
    for (let attempt = 0; attempt < 6; attempt += 1) {
      const response = await exportOf(account, ip);
      answers.push(response.status);
      await response.body?.cancel();
    }
    expect(answers).toEqual([200, 200, 200, 200, 200, 429]);
  });
});
