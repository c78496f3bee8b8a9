/**
 * The security log: what happened to each account (sign-ins and their failures, credential changes,
 * revocations, admin actions, consents, exports), written by the security-events queue's consumer.
 */
import { sql } from "drizzle-orm";
import { index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { user } from "./auth";

export const securityEvent = pgTable(
  "security_event",
  {
    /** Chosen where the event happened: a message the queue delivers twice is stored once. */
    id: uuid("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    type: text("type").notNull(),
    occurredAt: timestamp("occurred_at", { withTimezone: true, precision: 3 }).notNull(),
    /** As Cloudflare's edge saw the request; null where no request was behind the event. */
    ip: text("ip"),
    country: text("country"),
    /** A readable label from the user agent ("Chrome on macOS"). */
    device: text("device").notNull(),
    /** The admin who did it; null when the user did. Not a reference: an admin's later deletion keeps the record. */
    actorId: text("actor_id"),
    /** What the type needs said: the sign-in method, a failure's reason, the origins of a consent change. */
    detail: jsonb("detail").$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
  },
  (table) => [
    index("security_event_user_time").on(table.userId, table.occurredAt.desc(), table.id.desc()),
    index("security_event_time").on(table.occurredAt),
  ],
);
