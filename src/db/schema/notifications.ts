/**
 * Notifications: what was sent (`notification`), who has it in their inbox (`notification_recipient`, with
 * each user's unread total in `notification_inbox`), and its push to each device (`notification_delivery`,
 * the seed's `sent_status` per device).
 */
import { sql } from "drizzle-orm";
import {
  bigint,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  unique,
  uuid,
} from "drizzle-orm/pg-core";
import { user } from "./auth";
import { device, devicePlatform } from "./devices";
import { hardwareBackground, softwareLevel } from "./profile";

export const DELIVERY_STATUSES = ["pending", "sent", "failed", "invalid_token"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const notification = pgTable(
  "notification",
  {
    id: uuid("id").primaryKey(),
    event: text("event").notNull(),
    title: text("title").notNull(),
    body: text("body").notNull(),
    /** Key-value pairs for the app, delivered with the push (FCM's data payload takes strings only). */
    data: jsonb("data").$type<Record<string, string>>(),
    /**
     * `users`: the listed ids. `segment`: every user with an active profile that matches the segment's
     * fields (a null field matches every value).
     */
    audience: text("audience").$type<"users" | "segment">().notNull(),
    userIds: text("user_ids").array(),
    segmentSoftwareLevel: softwareLevel("segment_software_level"),
    segmentHardwareBackground: hardwareBackground("segment_hardware_background"),
    /** The admin, or the owner of the API key, who sent it. */
    sentBy: text("sent_by").references(() => user.id, { onDelete: "set null" }),
    /** Users reached so far; the queue's fan-out adds each page's. */
    recipients: integer("recipients").notNull().default(0),
    /** When the fan-out reached the audience's last page. */
    fannedOutAt: timestamp("fanned_out_at", { withTimezone: true, precision: 3 }),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (table) => [
    check(
      "notification_audience",
      sql`(${table.audience} = 'users' and ${table.userIds} is not null and ${table.segmentSoftwareLevel} is null and ${table.segmentHardwareBackground} is null) or (${table.audience} = 'segment' and ${table.userIds} is null)`,
    ),
  ],
);

export const notificationRecipient = pgTable(
  "notification_recipient",
  {
    notificationId: uuid("notification_id")
      .notNull()
      .references(() => notification.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    /** The notification's own time, copied so the inbox is read from this table's index alone. */
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull(),
    readAt: timestamp("read_at", { withTimezone: true, precision: 3 }),
  },
  (table) => [
    primaryKey({ columns: [table.notificationId, table.userId] }),
    index("notification_recipient_inbox_idx").on(table.userId, table.createdAt.desc(), table.notificationId.desc()),
  ],
);

/**
 * Each user's unread total, kept by the statements that add or read inbox entries, so the badge count is
 * one primary-key read however long the inbox grows.
 */
export const notificationInbox = pgTable(
  "notification_inbox",
  {
    userId: text("user_id")
      .primaryKey()
      .references(() => user.id, { onDelete: "cascade" }),
    unread: integer("unread").notNull().default(0),
  },
  (table) => [check("notification_inbox_unread", sql`${table.unread} >= 0`)],
);

export const notificationDelivery = pgTable(
  "notification_delivery",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    notificationId: uuid("notification_id")
      .notNull()
      .references(() => notification.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    /** Null once the device is gone (unregistered, or its token pruned): the record of the attempt stays. */
    deviceId: uuid("device_id").references(() => device.id, { onDelete: "set null" }),
    platform: devicePlatform("platform").notNull(),
    status: text("status").$type<DeliveryStatus>().notNull().default("pending"),
    attempts: smallint("attempts").notNull().default(0),
    lastError: text("last_error"),
    sentAt: timestamp("sent_at", { withTimezone: true, precision: 3 }),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (table) => [
    // Delivery is idempotent per (notification, device): a redelivered fan-out adds no second row.
    unique("notification_delivery_once").on(table.notificationId, table.deviceId),
    check("notification_delivery_status", sql`${table.status} in ('pending', 'sent', 'failed', 'invalid_token')`),
    index("notification_delivery_user_idx").on(table.userId),
  ],
);
