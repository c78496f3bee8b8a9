/** Personalized-content interactions, logged for analytics with the background that was used at the time. */
import { sql } from "drizzle-orm";
import {
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  smallint,
  text,
  timestamp,
  unique,
  uuid,
} from "drizzle-orm/pg-core";
import { user } from "./auth";
import { hardwareBackground, softwareLevel } from "./profile";

export const CONTENT_TYPES = ["chat", "translation", "summary", "exercise", "other"] as const;
export type ContentType = (typeof CONTENT_TYPES)[number];

/**
 * The profile the user had when the interaction happened: `active` got personalized notes; `archived` and
 * `absent` got the neutral context. Whether personalization helps is the comparison of these. `withheld`:
 * logged by an embedding site's widget, which holds only the fields the user allowed that site, so the
 * snapshot has those and the state is not known at the edge.
 */
export const PROFILE_STATES = ["active", "archived", "absent", "withheld"] as const;
export type ProfileState = (typeof PROFILE_STATES)[number];

export const interaction = pgTable(
  "interaction",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    // Null once the user's account is purged: the record stays for analytics, anonymised (migration 0007).
    userId: text("user_id").references(() => user.id, { onDelete: "set null" }),
    contentType: text("content_type").notNull(),
    effectiveness: smallint("personalization_effectiveness"),
    metadata: jsonb("metadata").$type<Record<string, unknown>>(),
    // Snapshots of the profile when the interaction happened; null when the user had no active profile.
    softwareLevel: softwareLevel("software_level"),
    hardwareBackground: hardwareBackground("hardware_background"),
    // The default only serves rows from before migration 0011, which sets those with a snapshot to active.
    profileState: text("profile_state").$type<ProfileState>().notNull().default("absent"),
    // Millisecond precision, like a JS Date, so a page cursor built from it is exact.
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (table) => [
    index("interaction_user_created_idx").on(table.userId, table.createdAt.desc(), table.id.desc()),
    check("interaction_effectiveness_range", sql`${table.effectiveness} between 0 and 5`),
    check("interaction_profile_state", sql`${table.profileState} in ('active', 'archived', 'absent', 'withheld')`),
    // The retention run deletes by age.
    index("interaction_created_idx").on(table.createdAt),
  ],
);

/**
 * Daily totals of interactions per content type and profile snapshot, kept by the queue consumer in the
 * statement that inserts the raw rows (only rows actually inserted count, so redelivery never counts
 * twice). Analytics read these, never the raw table; they outlive the raw rows' retention.
 */
export const interactionDaily = pgTable(
  "interaction_daily",
  {
    day: date("day", { mode: "string" }).notNull(),
    contentType: text("content_type").notNull(),
    softwareLevel: softwareLevel("software_level"),
    hardwareBackground: hardwareBackground("hardware_background"),
    profileState: text("profile_state").$type<ProfileState>().notNull(),
    count: integer("count").notNull(),
    /** Interactions that carried a personalization_effectiveness. */
    rated: integer("rated").notNull(),
    effectivenessSum: integer("effectiveness_sum").notNull(),
    /** How many rated 0, 1, … 5. */
    rated0: integer("rated_0").notNull(),
    rated1: integer("rated_1").notNull(),
    rated2: integer("rated_2").notNull(),
    rated3: integer("rated_3").notNull(),
    rated4: integer("rated_4").notNull(),
    rated5: integer("rated_5").notNull(),
  },
  (table) => [
    // One row per day and group; a group without a level or background is still one group.
    unique("interaction_daily_group")
      .on(table.day, table.contentType, table.profileState, table.softwareLevel, table.hardwareBackground)
      .nullsNotDistinct(),
  ],
);

/**
 * Interaction messages that could not be stored: refused by the schema or the database, or still failing
 * after the dead-letter queue's retries. Kept for people to inspect and replay, never dropped silently. The
 * body is JSON text, not jsonb: what jsonb refused (a NUL in a string) must still fit. A purged account's
 * entries go with it (migration 0012), found by the user id taken from the body when it had one.
 */
export const interactionDeadLetter = pgTable(
  "interaction_dead_letter",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: text("user_id"),
    reason: text("reason").notNull(),
    body: text("body").notNull(),
    attempts: integer("attempts").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index("interaction_dead_letter_user_idx").on(table.userId)],
);
