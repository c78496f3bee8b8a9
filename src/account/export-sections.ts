/**
 * The sections of a user's data export. The small ones (account, profile, sessions, devices, consents) are
 * read whole before the answer starts; the ones that grow without bound (security log, interactions,
 * notifications) are read page by page while it streams, by the same keyset pages the API lists them with.
 */
import { asc, eq } from "drizzle-orm";
import type { Caller } from "../caller/caller";
import { listConsents } from "../consents/queries";
import type { Database } from "../db/client";
import { account, passkey, user } from "../db/schema";
import { listDevices } from "../devices/queries";
import { listInbox } from "../notifications/inbox";
import { listInteractions } from "../personalization/interactions";
import { profileView } from "../profile/view";
import { asSeenByUser, listSecurityEvents } from "../security-log/store";
import { listSessions } from "../sessions/queries";

const iso = (value: Date | null | undefined) => value?.toISOString() ?? null;

async function accountSection(db: Database, userId: string) {
  const [[row], providers, passkeys] = await Promise.all([
    db.select().from(user).where(eq(user.id, userId)),
    db
      .select({ provider: account.providerId, createdAt: account.createdAt })
      .from(account)
      .where(eq(account.userId, userId))
      .orderBy(asc(account.createdAt)),
    db
      .select({
        name: passkey.name,
        deviceType: passkey.deviceType,
        backedUp: passkey.backedUp,
        createdAt: passkey.createdAt,
      })
      .from(passkey)
      .where(eq(passkey.userId, userId))
      .orderBy(asc(passkey.createdAt)),
  ]);
  if (!row) return null;
  return {
    account: {
      id: row.id,
      email: row.email,
      email_verified: row.emailVerified,
      name: row.name,
      image: row.image,
      timezone: row.timezone,
      phone_number: row.phoneNumber,
      phone_number_verified: row.phoneNumberVerified,
      role: row.role,
      two_factor_enabled: row.twoFactorEnabled,
      created_at: iso(row.createdAt),
      last_login_at: iso(row.last_login_at),
      // How the user signs in: "credential" is the password; the others are social providers.
      sign_in_methods: providers.map(({ provider, createdAt }) => ({ provider, linked_at: iso(createdAt) })),
      passkeys: passkeys.map(({ name, deviceType, backedUp, createdAt }) => ({
        name,
        device_type: deviceType,
        backed_up: backedUp,
        created_at: iso(createdAt),
      })),
    },
    profile: profileView(row),
  };
}

/** Everything small, in parallel round trips; null when the account is gone. */
export async function wholeSections(db: Database, caller: Caller) {
  const userId = caller.user.id;
  const [owned, sessions, devices, consents] = await Promise.all([
    accountSection(db, userId),
    listSessions(db, userId, caller.session.id),
    listDevices(db, caller),
    listConsents(db, userId),
  ]);
  if (!owned) return null;
  return {
    ...owned,
    sessions,
    devices,
    consents: consents.map(({ origin, fields, updatedAt }) => ({ origin, fields, updated_at: iso(updatedAt) })),
  };
}

/** Rows per round trip of a streamed section. */
export const EXPORT_PAGE_SIZE = 1000;

interface Page {
  items: unknown[];
  next_cursor: string | null;
}

type PageReader = (db: Database, userId: string, page: { limit: number; cursor?: string }) => Promise<Page>;

/** The streamed sections, in the document's order, each read newest first. */
export const PAGED_SECTIONS: [string, PageReader][] = [
  [
    "security_log",
    async (db, userId, page) => {
      const { items, next_cursor } = await listSecurityEvents(db, userId, page);
      return { items: items.map(asSeenByUser), next_cursor };
    },
  ],
  ["interactions", listInteractions],
  ["notifications", listInbox],
];
