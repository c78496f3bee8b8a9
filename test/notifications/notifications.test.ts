/**
 * Notifications end to end through the real queue: an admin or a service sends, the consumer fans out to
 * inboxes and pushes to every device through FCM (faked at the network edge), invalid tokens are pruned,
 * and the inbox reads, counts and marks them.
 */
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { device, notification, notificationDelivery } from "../../src/db/schema";
import { bearer, jsonRequest, signUp } from "../helpers/accounts";
import { signUpAdmin, testDatabase } from "../helpers/admin";
import { captureConsole, expectNoSecrets } from "../helpers/console-capture";
import { fcmToken as anyFcmToken, pushesTo, registerDevice, send, sent, settled } from "../helpers/notifications";
import { expectProblem } from "../helpers/problem";
import { callWorker, ORIGIN } from "../helpers/worker";

// Device tokens are credentials for a device: whatever happens to a push, none reaches the logs.
const logs = captureConsole();
const tokens: string[] = [];
afterEach(() => expectNoSecrets(logs.lines(), tokens));
afterAll(() => logs.restore());

function fcmToken(prefix?: string): string {
  const token = anyFcmToken(prefix);
  tokens.push(token);
  return token;
}

const message = (extra: Record<string, unknown>) => ({
  event: "lesson.ready",
  title: "Your next lesson",
  body: "Servo control, tuned to your level.",
  data: { lesson_id: "42" },
  ...extra,
});

async function inbox(token: string, query = "") {
  const response = await callWorker(`/api/user/notifications${query}`, { headers: bearer({ token }) });
  expect(response.status).toBe(200);
  return (await response.json()) as {
    items: { id: string; title: string; read_at: string | null }[];
    next_cursor: string | null;
  };
}

async function unread(token: string): Promise<number> {
  const response = await callWorker("/api/user/notifications/unread-count", { headers: bearer({ token }) });
  expect(response.status).toBe(200);
  return ((await response.json()) as { unread: number }).unread;
}

/** These wait for the queue to deliver (`settled`, up to 30 s on a loaded machine), several times a test. */
const QUEUE_TEST_TIMEOUT_MS = 60_000;

describe("sending to listed users", { timeout: QUEUE_TEST_TIMEOUT_MS }, () => {
  it("puts it in each inbox and pushes it to each device, with its data and collapse key", async () => {
    const admin = await signUpAdmin();
    const learner = await signUp();
    const phone = fcmToken();
    const browser = fcmToken();
    await registerDevice(learner.token, phone, "ios");
    await registerDevice(learner.token, browser, "web");
    const bystander = await signUp();

    const id = await sent(bearer(admin), message({ user_ids: [learner.userId, "no-such-user"] }));
    const status = await settled(bearer(admin), id);
    expect(status).toMatchObject({ recipients: 1, deliveries: { sent: 2, pending: 0, failed: 0, invalid_token: 0 } });

    const [push] = (await pushesTo(phone)).messages;
    expect(push).toMatchObject({
      notification: { title: "Your next lesson", body: "Servo control, tuned to your level." },
      data: { lesson_id: "42", notification_id: id, event: "lesson.ready" },
      android: { collapse_key: id },
    });
    expect((await pushesTo(browser)).messages).toHaveLength(1);
    expect((await inbox(learner.token)).items).toEqual([expect.objectContaining({ id, read_at: null })]);
    expect(await unread(learner.token)).toBe(1);
    expect((await inbox(bystander.token)).items).toEqual([]);
  });

  it("prunes devices whose tokens FCM calls unregistered or invalid, and records why", async () => {
    const admin = await signUpAdmin();
    const learner = await signUp();
    const gone = await registerDevice(learner.token, fcmToken("unregistered"));
    const malformed = await registerDevice(learner.token, fcmToken("invalid"));
    const fine = fcmToken();
    await registerDevice(learner.token, fine);

    const id = await sent(bearer(admin), message({ user_ids: [learner.userId] }));
    expect((await settled(bearer(admin), id)).deliveries).toMatchObject({ sent: 1, invalid_token: 2 });
    const left = await testDatabase.select({ id: device.id }).from(device).where(eq(device.userId, learner.userId));
    expect(left.map((row) => row.id)).not.toContain(gone);
    expect(left.map((row) => row.id)).not.toContain(malformed);
    expect(left).toHaveLength(1);
    const deliveries = await testDatabase
      .select()
      .from(notificationDelivery)
      .where(eq(notificationDelivery.notificationId, id));
    expect(
      deliveries
        .filter((row) => row.status === "invalid_token")
        .map((row) => row.lastError)
        .sort(),
    ).toEqual(["400 INVALID_ARGUMENT", "404 UNREGISTERED"]);
  });
});

describe("sending to a segment", { timeout: QUEUE_TEST_TIMEOUT_MS }, () => {
  it("reaches users with a matching active profile, and no one else", async () => {
    const admin = await signUpAdmin();
    const inSegment = await signUp({ software_level: "advanced", hardware_background: "embedded systems" });
    const otherLevel = await signUp({ software_level: "beginner", hardware_background: "embedded systems" });
    const token = fcmToken();
    await registerDevice(inSegment.token, token);

    const id = await sent(
      bearer(admin),
      message({ segment: { software_level: "advanced", hardware_background: "embedded systems" } }),
    );
    await settled(bearer(admin), id);
    expect((await inbox(inSegment.token)).items.map((item) => item.id)).toContain(id);
    expect((await inbox(otherLevel.token)).items.map((item) => item.id)).not.toContain(id);
    expect((await pushesTo(token)).messages.map((push) => push.data.notification_id)).toContain(id);
  });
});

describe("who may send", () => {
  it("a service with a notifications:send API key; not one with analytics:read only", async () => {
    const admin = await signUpAdmin();
    const learner = await signUp();
    const issue = async (permissions: string[]) => {
      const response = await callWorker(
        "/api/admin/api-keys",
        jsonRequest("POST", { name: "notifier", permissions }, bearer(admin)),
      );
      expect(response.status).toBe(201);
      return ((await response.json()) as { key: string }).key;
    };
    const sender = await issue(["notifications:send"]);
    const reader = await issue(["analytics:read"]);

    const id = await sent({ "x-api-key": sender }, message({ user_ids: [learner.userId] }));
    const [row] = await testDatabase.select().from(notification).where(eq(notification.id, id));
    expect(row?.sentBy).toBe(admin.userId);
    await expectProblem(
      await send({ "x-api-key": reader }, message({ user_ids: [learner.userId] })),
      401,
      "UNAUTHENTICATED",
    );
    await expectProblem(
      await send({ "x-api-key": "pe_nonsense" }, message({ user_ids: [learner.userId] })),
      401,
      "UNAUTHENTICATED",
    );
  });

  it("not a user who is no admin, nor anyone unsigned", async () => {
    const learner = await signUp();
    await expectProblem(await send(bearer(learner), message({ user_ids: [learner.userId] })), 403, "FORBIDDEN");
    await expectProblem(await send({}, message({ user_ids: [learner.userId] })), 401, "UNAUTHENTICATED");
    await expectProblem(
      await callWorker(`/api/admin/notifications/${crypto.randomUUID()}`, { headers: bearer(learner) }),
      403,
      "FORBIDDEN",
    );
  });
});

describe("what a send must be", () => {
  it.each([
    ["both audiences", message({ user_ids: ["a"], segment: {} }), "body.user_ids"],
    ["no audience", message({}), "body.user_ids"],
    [
      "over 1,000 users",
      message({ user_ids: Array.from({ length: 1001 }, (_, index) => `user${index}`) }),
      "body.user_ids",
    ],
    ["a number in data", message({ user_ids: ["a"], data: { count: 3 } }), "body.data.count"],
    ["a reserved data key", message({ user_ids: ["a"], data: { notification_id: "x" } }), "body.data"],
    ["a control character in the title", message({ user_ids: ["a"], title: "a\u0007b" }), "body.title"],
    ["an unknown segment value", message({ segment: { software_level: "guru" } }), "body.segment.software_level"],
    ["an event name with spaces", message({ user_ids: ["a"], event: "lesson ready" }), "body.event"],
  ])("refuses %s, naming the field, and writes nothing", async (_, body, location) => {
    const admin = await signUpAdmin();
    const problem = await expectProblem(await send(bearer(admin), body), 400, "VALIDATION_FAILED");
    expect(problem.errors).toContainEqual(expect.objectContaining({ location }));
    expect(await testDatabase.select().from(notification).where(eq(notification.sentBy, admin.userId))).toEqual([]);
  });

  it("answers 503 with Retry-After when the queue refuses, and writes nothing", async () => {
    const admin = await signUpAdmin();
    const refuse = vi.spyOn(env.NOTIFICATIONS, "send").mockRejectedValue(new Error("Queue send failed"));
    try {
      const response = await send(bearer(admin), message({ user_ids: [admin.userId] }));
      await expectProblem(response, 503, "QUEUE_UNAVAILABLE");
      expect(response.headers.get("retry-after")).toBe("10");
    } finally {
      refuse.mockRestore();
    }
    expect(await testDatabase.select().from(notification).where(eq(notification.sentBy, admin.userId))).toEqual([]);
  });
});

describe("the inbox", { timeout: QUEUE_TEST_TIMEOUT_MS }, () => {
  it("pages newest first, filters unread, and keeps the unread count exact", async () => {
    const admin = await signUpAdmin();
    const learner = await signUp();
    const ids: string[] = [];
    for (const title of ["first", "second", "third"]) {
      const id = await sent(bearer(admin), message({ user_ids: [learner.userId], title }));
      await settled(bearer(admin), id);
      ids.push(id);
    }
    const first = await inbox(learner.token, "?limit=2");
    expect(first.items.map((item) => item.title)).toEqual(["third", "second"]);
    const second = await inbox(learner.token, `?limit=2&cursor=${first.next_cursor}`);
    expect(second).toEqual({ items: [expect.objectContaining({ title: "first" })], next_cursor: null });
    expect(await unread(learner.token)).toBe(3);

    const read = (id: string, token = learner.token) =>
      callWorker(
        `/api/user/notifications/${id}/read`,
        jsonRequest("POST", {}, { ...bearer({ token }), origin: ORIGIN }),
      );
    expect(await (await read(ids[1] as string)).json()).toEqual({ success: true, marked: 1 });
    expect(await (await read(ids[1] as string)).json()).toEqual({ success: true, marked: 0 });
    expect(await unread(learner.token)).toBe(2);
    expect((await inbox(learner.token, "?unread=true")).items.map((item) => item.title)).toEqual(["third", "first"]);
    expect((await inbox(learner.token, "?unread=false")).items.map((item) => item.title)).toEqual(["second"]);

    const stranger = await signUp();
    await expectProblem(await read(ids[0] as string, stranger.token), 404, "NOT_FOUND");
    expect(await unread(learner.token)).toBe(2);

    const all = await callWorker(
      "/api/user/notifications/read-all",
      jsonRequest("POST", {}, { ...bearer(learner), origin: ORIGIN }),
    );
    expect(await all.json()).toEqual({ success: true, marked: 2 });
    expect(await unread(learner.token)).toBe(0);
  });

  it("refuses a cursor it did not issue and a limit out of range", async () => {
    const learner = await signUp();
    for (const query of ["?cursor=bm9wZQ", "?limit=0", "?limit=101", "?unread=maybe"]) {
      await expectProblem(
        await callWorker(`/api/user/notifications${query}`, { headers: bearer(learner) }),
        400,
        "VALIDATION_FAILED",
      );
    }
    await expectProblem(
      await callWorker(
        "/api/user/notifications/not-a-uuid/read",
        jsonRequest("POST", {}, { ...bearer(learner), origin: ORIGIN }),
      ),
      400,
      "VALIDATION_FAILED",
    );
  });
});
