/** The daily Cron Trigger deletes raw interaction records past INTERACTION_RETENTION_DAYS; their daily totals stay. */
import { eq, inArray } from "drizzle-orm";
import { expect, it } from "vitest";
import { interaction, interactionDaily } from "../../src/db/schema";
import type { InteractionMessage } from "../../src/personalization/interaction-message";
import { testDatabase } from "../helpers/admin";
import { runQueue, runScheduled } from "../helpers/worker";

const DAY_MS = 86_400_000;

const recordOn = (date: Date): InteractionMessage => ({
  id: crypto.randomUUID(),
  user_id: "retention",
  content_type: "summary",
  personalization_effectiveness: 1,
  metadata: null,
  software_level: null,
  hardware_background: null,
  profile_state: "absent",
  created_at: date.toISOString(),
});

it("deletes raw records older than the window at the scheduled time, and keeps the daily totals", async () => {
  // A scheduled time of its own, years back, so the window's edge falls on days no other test writes. Run
  // ahead of the clock instead, it would delete the records other test files are writing.
  const scheduledTime = new Date(Date.now() - (3000 + Math.floor(Math.random() * 1000)) * DAY_MS);
  const old = recordOn(new Date(scheduledTime.getTime() - 401 * DAY_MS));
  const kept = recordOn(new Date(scheduledTime.getTime() - 399 * DAY_MS));
  await runQueue("persona-edge-interactions", [old, kept]);

  await runScheduled(scheduledTime, { INTERACTION_RETENTION_DAYS: "400" });

  const left = await testDatabase
    .select({ id: interaction.id })
    .from(interaction)
    .where(inArray(interaction.id, [old.id, kept.id]));
  expect(left).toEqual([{ id: kept.id }]);
  const oldDay = old.created_at.slice(0, 10);
  expect(await testDatabase.select().from(interactionDaily).where(eq(interactionDaily.day, oldDay))).toEqual([
    expect.objectContaining({ contentType: "summary", count: 1, rated: 1 }),
  ]);
});
