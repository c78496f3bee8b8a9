/**
 * The notifications queue's consumer, handed batches as Cloudflare delivers them: a fan-out page counts
 * once however often it comes, pushes FCM wants tried later are retried (and not sent twice), a database
 * that cannot answer retries the message, and the dead-letter queue ends what could not be delivered.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { notification, notificationDelivery, notificationInbox, notificationRecipient } from "../../src/db/schema";
import { signUp } from "../helpers/accounts";
import { signUpAdmin, testDatabase } from "../helpers/admin";
import { databaseUrlFor, injectFault } from "../helpers/neon-local";
import { fcmToken, pushesTo, registerDevice } from "../helpers/notifications";
import { runQueue } from "../helpers/worker";

const QUEUE = "persona-edge-notifications";
const DEAD_LETTERS = "persona-edge-notification-dead-letters";

/** A notification row as a send writes it, without its fan-out message (tests deliver that themselves). */
async function notificationFor(userIds: string[]): Promise<string> {
  const admin = await signUpAdmin();
  const id = crypto.randomUUID();
  await testDatabase.insert(notification).values({
    id,
    event: "test.event",
    title: "Hello",
    body: "World",
    audience: "users",
    userIds,
    sentBy: admin.userId,
  });
  return id;
}

const fanOut = (id: string, after = "") => ({ kind: "fan-out", notification_id: id, after });

async function deliveriesOf(id: string) {
  return testDatabase.select().from(notificationDelivery).where(eq(notificationDelivery.notificationId, id));
}

/** The messages the consumer sent on (deliveries, next pages), caught instead of queued. */
function capturedQueue() {
  const sent: unknown[] = [];
  const queue = {
    send: async (body: unknown) => void sent.push(body),
    sendBatch: async (messages: { body: unknown }[]) => void sent.push(...messages.map((entry) => entry.body)),
  };
  return { sent, queue };
}

describe("fan-out", () => {
  it("counts a page once however often it is delivered, and enqueues its pending deliveries each time", async () => {
    const learner = await signUp();
    await registerDevice(learner.token, fcmToken());
    const id = await notificationFor([learner.userId]);
    const first = capturedQueue();
    const run = await runQueue(QUEUE, [fanOut(id)], { NOTIFICATIONS: first.queue });
    expect(run.result.explicitAcks).toHaveLength(1);
    const again = capturedQueue();
    await runQueue(QUEUE, [fanOut(id)], { NOTIFICATIONS: again.queue }, 2);

    const [row] = await testDatabase.select().from(notification).where(eq(notification.id, id));
    expect(row?.recipients).toBe(1);
    expect(row?.fannedOutAt).not.toBeNull();
    const [inbox] = await testDatabase
      .select()
      .from(notificationInbox)
      .where(eq(notificationInbox.userId, learner.userId));
    expect(inbox?.unread).toBe(1);
    const deliveries = await deliveriesOf(id);
    expect(deliveries).toHaveLength(1);
    const expected = { kind: "deliver", delivery_ids: [deliveries[0]?.id] };
    expect(first.sent).toEqual([expected]);
    expect(again.sent).toEqual([expected]);
  });

  it("retries while the database cannot answer, writing nothing", async () => {
    const learner = await signUp();
    const id = await notificationFor([learner.userId]);
    const application = `fanout_fault_${crypto.randomUUID().slice(0, 8)}`;
    // A consumer's round trips are named apart: `<application_name>-queue` (src/db/client.ts).
    await injectFault({ kind: "connection", application: `${application}-queue`, times: 1 });
    const down = await runQueue(QUEUE, [fanOut(id)], { DATABASE_URL: databaseUrlFor(application) });
    expect(down.result.explicitAcks).toEqual([]);
    expect(down.result.retryMessages).toHaveLength(1);
    expect(
      await testDatabase.select().from(notificationRecipient).where(eq(notificationRecipient.notificationId, id)),
    ).toEqual([]);
  });

  it("waits for a notification not written yet, then drops a message whose send failed", async () => {
    const early = await runQueue(QUEUE, [fanOut(crypto.randomUUID())]);
    expect(early.result.retryMessages).toHaveLength(1);
    const late = await runQueue(QUEUE, [fanOut(crypto.randomUUID())], {}, 3);
    expect(late.result.explicitAcks).toHaveLength(1);
  });
});

describe("delivery", () => {
  async function pendingDelivery(token: string) {
    const learner = await signUp();
    await registerDevice(learner.token, token);
    const id = await notificationFor([learner.userId]);
    await runQueue(QUEUE, [fanOut(id)], { NOTIFICATIONS: capturedQueue().queue });
    const [delivery] = await deliveriesOf(id);
    if (!delivery) throw new Error("no delivery");
    return { id, delivery, message: { kind: "deliver", delivery_ids: [delivery.id] } };
  }

  it("retries a push FCM could not take, then sends it once", async () => {
    const token = fcmToken("flaky");
    const { id, message } = await pendingDelivery(token);
    const busy = await runQueue(QUEUE, [message]);
    expect(busy.result.retryMessages).toHaveLength(1);
    expect((await deliveriesOf(id))[0]).toMatchObject({ status: "pending", attempts: 1, lastError: "503 UNAVAILABLE" });

    const retried = await runQueue(QUEUE, [message], {}, 2);
    expect(retried.result.explicitAcks).toHaveLength(1);
    expect((await deliveriesOf(id))[0]).toMatchObject({ status: "sent", attempts: 2 });
    // Delivered again (a duplicate message), it is not pushed again.
    await runQueue(QUEUE, [message], {}, 3);
    expect(await pushesTo(token)).toMatchObject({ attempts: 2, messages: [expect.anything()] });
  });

  it("a message the dead-letter queue receives marks what is still pending failed", async () => {
    const { id, message } = await pendingDelivery(fcmToken("unavailable"));
    await runQueue(QUEUE, [message]);
    const dead = await runQueue(DEAD_LETTERS, [message], {}, 1);
    expect(dead.result.explicitAcks).toHaveLength(1);
    expect((await deliveriesOf(id))[0]).toMatchObject({
      status: "failed",
      lastError: "gave up after 1 attempts: 503 UNAVAILABLE",
    });
  });

  it("a message that is no notification message is dropped, not retried", async () => {
    const run = await runQueue(QUEUE, [{ kind: "deliver", delivery_ids: "all" }, "junk"]);
    expect(run.result.explicitAcks).toHaveLength(2);
  });
});
