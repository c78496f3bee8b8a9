/**
 * Rate-limit counters, shared by every isolate: one row per (rule, client) key, a fixed window per row.
 * Keys are HMACs, so the table holds no IP address or email in the clear.
 */
import { integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";

export const rateLimit = pgTable("rate_limit", {
  key: text("key").primaryKey(),
  windowStartedAt: timestamp("window_started_at", { withTimezone: true, precision: 3 }).notNull(),
  windowSeconds: integer("window_seconds").notNull(),
  hits: integer("hits").notNull(),
});
