/** What each embedding site (a widget origin) may read of a user's context, as the user granted it. */
import { sql } from "drizzle-orm";
import { check, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { user } from "./auth";

/** The context fields a widget can be allowed: the two profile fields and the notes written from them. */
export const CONSENT_FIELDS = ["software_level", "hardware_background", "notes"] as const;
export type ConsentField = (typeof CONSENT_FIELDS)[number];

export const widgetConsent = pgTable(
  "widget_consent",
  {
    userId: text("user_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    /** A widget origin of the configuration (`scheme://host[:port]`); first-party origins need no consent. */
    origin: text("origin").notNull(),
    /** Never empty: a revoked consent is no row. */
    fields: text("fields").array().$type<ConsentField[]>().notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.userId, table.origin] }),
    check(
      "widget_consent_fields",
      sql`cardinality(${table.fields}) > 0 AND ${table.fields} <@ ARRAY[${sql.raw(CONSENT_FIELDS.map((field) => `'${field}'`).join(", "))}]::text[]`,
    ),
  ],
);
