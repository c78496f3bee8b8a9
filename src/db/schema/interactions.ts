/** Personalized-content interactions, logged for analytics with the background that was used at the time. */
import { sql } from "drizzle-orm";
import { check, index, jsonb, pgTable, smallint, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { user } from "./auth";
import { hardwareBackground, softwareLevel } from "./profile";

export const CONTENT_TYPES = ["chat", "translation", "summary", "exercise", "other"] as const;
export type ContentType = (typeof CONTENT_TYPES)[number];

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
    // Millisecond precision, like a JS Date, so a page cursor built from it is exact.
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (table) => [
    index("interaction_user_created_idx").on(table.userId, table.createdAt.desc(), table.id.desc()),
    check("interaction_effectiveness_range", sql`${table.effectiveness} between 0 and 5`),
  ],
);
