/**
 * Better Auth's core tables (user, session, account, verification) as Better Auth 1.7 defines them, with
 * its camelCase column names so its Drizzle adapter maps fields one to one. The user row also carries the
 * background profile, under its snake_case wire names (Better Auth additional fields, see src/auth/options.ts).
 */
import { relations, sql } from "drizzle-orm";
import { boolean, check, index, integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { hardwareBackground, profileStatus, softwareLevel } from "./profile";

const timestamps = {
  createdAt: timestamp("createdAt", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updatedAt", { withTimezone: true })
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date()),
};

export const user = pgTable(
  "user",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    email: text("email").notNull().unique(),
    emailVerified: boolean("emailVerified").notNull().default(false),
    image: text("image"),
    ...timestamps,
    software_level: softwareLevel("software_level"),
    hardware_background: hardwareBackground("hardware_background"),
    profile_status: profileStatus("profile_status"),
    profile_created_at: timestamp("profile_created_at", { withTimezone: true }),
    profile_updated_at: timestamp("profile_updated_at", { withTimezone: true }),
    /** IANA timezone: from the edge at sign-up, then the user's own choice. */
    timezone: text("timezone"),
    /** Set by a trigger on every new session (migration 0005), so sign-in pays no extra round trip. */
    last_login_at: timestamp("last_login_at", { withTimezone: true }),
    // Better Auth's admin plugin. A new session for a banned user is refused by the database (migration 0007).
    role: text("role").notNull().default("user"),
    banned: boolean("banned").notNull().default(false),
    banReason: text("banReason"),
    banExpires: timestamp("banExpires", { withTimezone: true }),
    /**
     * When the user deleted the account: it is disabled at once, restorable until the retention window
     * passes, then purged by the scheduled handler.
     */
    deleted_at: timestamp("deleted_at", { withTimezone: true }),
    /**
     * The user's id in the fastapi-users database it was imported from (`npm run import:legacy`): how
     * downstream systems map old ids to new ones, and how a re-run of the import knows what it has done.
     */
    legacy_user_id: integer("legacy_user_id").unique(),
    /**
     * Better Auth's phone-number plugin: E.164, set only once proven with a code (POST /api/user/phone/verify),
     * so a number belongs to one account at most.
     */
    phoneNumber: text("phoneNumber").unique(),
    phoneNumberVerified: boolean("phoneNumberVerified").notNull().default(false),
    /** Better Auth's two-factor plugin: set once the first TOTP code proves the authenticator app. */
    twoFactorEnabled: boolean("twoFactorEnabled").notNull().default(false),
  },
  (table) => [
    // A profile is whole or absent: never a level without a background, status or timestamps.
    check(
      "user_profile_complete",
      sql`num_nulls(${table.software_level}, ${table.hardware_background}, ${table.profile_status}, ${table.profile_created_at}, ${table.profile_updated_at}) in (0, 5)`,
    ),
    // The purge looks for deleted accounts past their window; the few deleted rows are all it reads.
    index("user_deleted_at_idx").on(table.deleted_at).where(sql`${table.deleted_at} is not null`),
  ],
);

export const session = pgTable(
  "session",
  {
    id: text("id").primaryKey(),
    expiresAt: timestamp("expiresAt", { withTimezone: true }).notNull(),
    token: text("token").notNull().unique(),
    ipAddress: text("ipAddress"),
    userAgent: text("userAgent"),
    // Where the edge saw the sign-in (Cloudflare's request.cf), for the sessions and devices list.
    country: text("country"),
    timezone: text("timezone"),
    /** Better Auth's admin plugin: the admin acting as this session's user, if any. */
    impersonatedBy: text("impersonatedBy"),
    /**
     * Mobile token pairs: the id of the session the chain of refreshes began with (null for that first one),
     * so presenting a rotated-out refresh token can end the whole chain.
     */
    refresh_family: text("refresh_family"),
    /** What a mobile app said about itself at sign-in (the seed's `device_info`), for the sessions list. */
    device_info: jsonb("device_info").$type<{ name?: string; platform?: string; app_version?: string }>(),
    userId: text("userId")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    ...timestamps,
  },
  (table) => [
    index("session_userId_idx").on(table.userId),
    index("session_refresh_family_idx").on(table.refresh_family).where(sql`${table.refresh_family} is not null`),
  ],
);

/**
 * Refresh tokens rotated out (the sessions they named are gone), kept as hashes until those sessions would
 * have expired: one presented again is a stolen copy or a replay, and ends its whole chain.
 */
export const spentRefreshToken = pgTable(
  "spent_refresh_token",
  {
    tokenHash: text("token_hash").primaryKey(),
    family: text("family").notNull(),
    userId: text("user_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    spentAt: timestamp("spent_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (table) => [index("spent_refresh_token_expires_idx").on(table.expiresAt)],
);

export const account = pgTable(
  "account",
  {
    id: text("id").primaryKey(),
    accountId: text("accountId").notNull(),
    providerId: text("providerId").notNull(),
    userId: text("userId")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    accessToken: text("accessToken"),
    refreshToken: text("refreshToken"),
    idToken: text("idToken"),
    accessTokenExpiresAt: timestamp("accessTokenExpiresAt", { withTimezone: true }),
    refreshTokenExpiresAt: timestamp("refreshTokenExpiresAt", { withTimezone: true }),
    scope: text("scope"),
    password: text("password"),
    ...timestamps,
  },
  (table) => [index("account_userId_idx").on(table.userId)],
);

export const verification = pgTable(
  "verification",
  {
    id: text("id").primaryKey(),
    identifier: text("identifier").notNull(),
    value: text("value").notNull(),
    expiresAt: timestamp("expiresAt", { withTimezone: true }).notNull(),
    ...timestamps,
  },
  (table) => [index("verification_identifier_idx").on(table.identifier)],
);

/**
 * Better Auth's two-factor plugin: the TOTP secret (encrypted with the auth secret) and the backup codes
 * (HMACs under the auth secret, src/auth/two-factor.ts: shown once, never stored readable).
 */
export const twoFactor = pgTable(
  "twoFactor",
  {
    id: text("id").primaryKey(),
    secret: text("secret").notNull(),
    backupCodes: text("backupCodes").notNull(),
    userId: text("userId")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    verified: boolean("verified").notNull().default(true),
    failedVerificationCount: integer("failedVerificationCount").notNull().default(0),
    lockedUntil: timestamp("lockedUntil", { withTimezone: true }),
  },
  (table) => [index("twoFactor_userId_idx").on(table.userId)],
);

/** Passkeys (`@better-auth/passkey`, WebAuthn): a user's registered credentials and their public keys. */
export const passkey = pgTable(
  "passkey",
  {
    id: text("id").primaryKey(),
    name: text("name"),
    publicKey: text("publicKey").notNull(),
    userId: text("userId")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    credentialID: text("credentialID").notNull().unique(),
    counter: integer("counter").notNull(),
    deviceType: text("deviceType").notNull(),
    backedUp: boolean("backedUp").notNull(),
    transports: text("transports"),
    createdAt: timestamp("createdAt", { withTimezone: true }).defaultNow(),
    aaguid: text("aaguid"),
  },
  (table) => [index("passkey_userId_idx").on(table.userId)],
);

/** Better Auth's jwt plugin: the signing keys of access tokens (private keys encrypted with the auth secret). */
export const jwks = pgTable("jwks", {
  id: text("id").primaryKey(),
  publicKey: text("publicKey").notNull(),
  privateKey: text("privateKey").notNull(),
  createdAt: timestamp("createdAt", { withTimezone: true }).notNull(),
  expiresAt: timestamp("expiresAt", { withTimezone: true }),
  alg: text("alg"),
  crv: text("crv"),
});

// Relations let Better Auth's adapter read a user with its accounts, or a session with its user, in one
// query (advanced.database.joins): one round trip fewer on sign-in and on a cold session, and sign-in
// with an unknown email costs the same queries as with a wrong password.
export const userRelations = relations(user, ({ many }) => ({ accounts: many(account), sessions: many(session) }));
export const sessionRelations = relations(session, ({ one }) => ({
  user: one(user, { fields: [session.userId], references: [user.id] }),
}));
export const accountRelations = relations(account, ({ one }) => ({
  user: one(user, { fields: [account.userId], references: [user.id] }),
}));

/**
 * Better Auth's API key plugin (@better-auth/api-key): keys for backend services, created and revoked by
 * admins (src/admin/api-keys.ts). Only the key's SHA-256 is stored; `start` is its first characters, to
 * recognise it in a list. Owned by the admin who created it (`referenceId`), and gone with that account.
 */
export const apikey = pgTable(
  "apikey",
  {
    id: text("id").primaryKey(),
    configId: text("configId").notNull().default("default"),
    name: text("name"),
    start: text("start"),
    referenceId: text("referenceId")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    prefix: text("prefix"),
    key: text("key").notNull(),
    refillInterval: integer("refillInterval"),
    refillAmount: integer("refillAmount"),
    lastRefillAt: timestamp("lastRefillAt", { withTimezone: true }),
    enabled: boolean("enabled").notNull().default(true),
    rateLimitEnabled: boolean("rateLimitEnabled").notNull().default(true),
    rateLimitTimeWindow: integer("rateLimitTimeWindow"),
    rateLimitMax: integer("rateLimitMax"),
    requestCount: integer("requestCount").notNull().default(0),
    remaining: integer("remaining"),
    lastRequest: timestamp("lastRequest", { withTimezone: true }),
    expiresAt: timestamp("expiresAt", { withTimezone: true }),
    ...timestamps,
    /** JSON: `{"analytics":["read"]}`. */
    permissions: text("permissions"),
    metadata: text("metadata"),
  },
  (table) => [
    index("apikey_configId_idx").on(table.configId),
    index("apikey_referenceId_idx").on(table.referenceId),
    index("apikey_key_idx").on(table.key),
  ],
);
