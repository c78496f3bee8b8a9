/** Push devices: one registration per push token, tied to the session that registered it. */
import { index, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { session, user } from "./auth";

export const DEVICE_PLATFORMS = ["ios", "android", "web"] as const;
export type DevicePlatform = (typeof DEVICE_PLATFORMS)[number];
export const devicePlatform = pgEnum("device_platform", DEVICE_PLATFORMS);

export const device = pgTable(
  "device",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: text("user_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    /**
     * The session that registered it: when that session ends (sign-out, revocation, account deletion) the
     * device goes with it, so a phone handed on after a sign-out gets no more of its former user's pushes.
     */
    sessionId: text("session_id")
      .notNull()
      .references(() => session.id, { onDelete: "cascade" }),
    platform: devicePlatform("platform").notNull(),
    /** FCM registration token: one device, so registering it again moves it to whoever registers it. */
    token: text("token").notNull().unique(),
    appVersion: text("app_version"),
    deviceName: text("device_name"),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (table) => [
    index("device_user_idx").on(table.userId, table.lastSeenAt.desc()),
    index("device_session_idx").on(table.sessionId),
  ],
);
