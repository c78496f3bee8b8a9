/**
 * The interactions queue's consumer, handed batches as Cloudflare delivers them: exactly once in the table
 * and in the daily totals whatever the redelivery, retried while the database is down and stored once it
 * is back, and a bad record set apart without holding back its batch.
 */
import { eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { retryDelaySeconds } from "../../src/async/retry-delay";
import { interaction, interactionDaily, interactionDeadLetter } from "../../src/db/schema";
import type { InteractionMessage } from "../../src/personalization/interaction-message";
import { signUp } from "../helpers/accounts";
import { testDatabase } from "../helpers/admin";
import { databaseUrlFor, injectFault } from "../helpers/neon-local";
import { ownDays } from "../helpers/own-days";
import { uniqueName } from "../helpers/unique-name";
import { runQueue } from "../helpers/worker";

const QUEUE = "persona-edge-interactions";

/** Days 100-190 ago are this file's: its daily totals are nobody else's. */
const dayOfItsOwn = ownDays(100);

function record(userId: string, day: string, overrides: Partial<InteractionMessage> = {}): InteractionMessage {
  return {
    id: crypto.randomUUID(),
    user_id: userId,
    content_type: "exercise",
    personalization_effectiveness: 3,
    metadata: { test: true },
    software_level: "beginner",
    hardware_background: "robotics",
    profile_state: "active",
    created_at: `${day}T12:00:00.000Z`,
    ...overrides,
  };
}

const storedIds = async (records: InteractionMessage[]) =>
  (
    await testDatabase
      .select({ id: interaction.id })
      .from(interaction)
      .where(
        inArray(
          interaction.id,
          records.map((entry) => entry.id),
        ),
      )
  ).map((row) => row.id);

const totalsOf = (day: string) => testDatabase.select().from(interactionDaily).where(eq(interactionDaily.day, day));

describe("the interactions consumer", () => {
  it("stores a batch in one round trip, exactly once however often it is delivered", async () => {
    const account = await signUp();
    const day = dayOfItsOwn();
    const records = [
      record(account.userId, day, { personalization_effectiveness: 5 }),
      record(account.userId, day, { personalization_effectiveness: 1 }),
      record(account.userId, day, { personalization_effectiveness: null }),
    ];
    const first = await runQueue(QUEUE, records);
    expect(first.result.explicitAcks).toHaveLength(3);
    const again = await runQueue(QUEUE, records, {}, 2);
    expect(again.result.explicitAcks).toHaveLength(3);

    expect((await storedIds(records)).sort()).toEqual(records.map((entry) => entry.id).sort());
    expect(await totalsOf(day)).toEqual([
      expect.objectContaining({
        contentType: "exercise",
        profileState: "active",
        softwareLevel: "beginner",
        hardwareBackground: "robotics",
        count: 3,
        rated: 2,
        effectivenessSum: 6,
        rated1: 1,
        rated5: 1,
      }),
    ]);
  });

  it("retries the whole batch with backoff while the database is down, and stores it once it is back", async () => {
    const account = await signUp();
    const day = dayOfItsOwn();
    const records = [record(account.userId, day), record(account.userId, day)];
    const application = uniqueName("consumer_down");
    const env = { DATABASE_URL: databaseUrlFor(application) };
    // A consumer's round trips are named apart: `<application_name>-queue` (src/db/client.ts).
    await injectFault({ kind: "connection", application: `${application}-queue`, times: 1 });

    const down = await runQueue(QUEUE, records, env);
    expect(down.result.explicitAcks).toEqual([]);
    expect(down.result.retryMessages.map((retry: { msgId: string }) => retry.msgId).sort()).toEqual(
      down.batch.messages.map((message) => message.id).sort(),
    );
    expect(await storedIds(records)).toEqual([]);

    // Cloudflare delivers it again after the delay: the second attempt, on a database that answers.
    const back = await runQueue(QUEUE, records, env, 2);
    expect(back.result.explicitAcks).toHaveLength(2);
    expect((await storedIds(records)).sort()).toEqual(records.map((entry) => entry.id).sort());
    expect((await totalsOf(day))[0]?.count).toBe(2);
  });

  it("backs off 10, 20, 40, 80 s, then 160 s between attempts", () => {
    // The pool's batches do not record the delay asked for; the schedule itself is what is checked here.
    expect([1, 2, 3, 4, 5, 6].map(retryDelaySeconds)).toEqual([10, 20, 40, 80, 160, 160]);
  });

  it("sets apart a record the database refuses, stores the rest, and the dead-letter queue keeps it", async () => {
    const account = await signUp();
    const day = dayOfItsOwn();
    // Postgres refuses a NUL in jsonb text; the route would never send one, a bad deploy might.
    const poisoned = record(account.userId, day, { metadata: { note: "nul \u0000 inside" } });
    const good = [record(account.userId, day), record(account.userId, day)];
    const { result } = await runQueue(QUEUE, [good[0], poisoned, good[1]]);
    expect(result.explicitAcks).toHaveLength(3);
    expect((await storedIds([...good, poisoned])).sort()).toEqual(good.map((entry) => entry.id).sort());

    // The dead-letter queue's consumer (the real queue, in workerd) keeps it for people to see.
    const deadline = Date.now() + 20_000;
    let kept: (typeof interactionDeadLetter.$inferSelect)[] = [];
    while (kept.length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      kept = await testDatabase
        .select()
        .from(interactionDeadLetter)
        .where(eq(interactionDeadLetter.body, JSON.stringify(poisoned)));
    }
    expect(kept).toEqual([
      expect.objectContaining({ userId: account.userId, reason: expect.stringContaining("refused by the database") }),
    ]);
  }, 30_000);

  it("sets apart what is no interaction record, without holding back its batch", async () => {
    const account = await signUp();
    const good = record(account.userId, dayOfItsOwn());
    const { result } = await runQueue(QUEUE, [{ not: "a record" } as unknown as InteractionMessage, good]);
    expect(result.explicitAcks).toHaveLength(2);
    expect(await storedIds([good])).toEqual([good.id]);
  });

  it("stores the record of a user gone meanwhile anonymised, as the purge leaves records", async () => {
    const entry = record(`gone-${crypto.randomUUID()}`, dayOfItsOwn());
    await runQueue(QUEUE, [entry]);
    const [row] = await testDatabase.select().from(interaction).where(eq(interaction.id, entry.id));
    expect(row).toMatchObject({ userId: null, metadata: null, contentType: "exercise" });
  });
});
