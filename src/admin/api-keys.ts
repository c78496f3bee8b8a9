/**
 * API keys for backend services, issued by admins through Better Auth's API key plugin (server-side, so the
 * permissions are ours to set) and listed and revoked here from its table.
 */
import { desc, eq } from "drizzle-orm";
import type { Auth } from "../auth/create-auth";
import type { Database } from "../db/client";
import { apikey } from "../db/schema";
import { API_KEY_PERMISSIONS } from "./schemas";

const DAY_SECONDS = 86_400;

type Row = Pick<
  typeof apikey.$inferSelect,
  "id" | "name" | "start" | "referenceId" | "permissions" | "expiresAt" | "createdAt" | "lastRequest"
>;

function view(row: Row) {
  return {
    id: row.id,
    name: row.name,
    start: row.start,
    owner_id: row.referenceId,
    permissions: row.permissions ? (JSON.parse(row.permissions) as Record<string, string[]>) : {},
    expires_at: row.expiresAt ? new Date(row.expiresAt).toISOString() : null,
    created_at: new Date(row.createdAt).toISOString(),
    last_used_at: row.lastRequest ? new Date(row.lastRequest).toISOString() : null,
  };
}

export async function createApiKey(auth: Auth, ownerId: string, name: string, expiresInDays: number) {
  // No headers: a call with a request counts as a client's, and the plugin refuses permissions from clients.
  const created = await auth.api.createApiKey({
    body: { userId: ownerId, name, expiresIn: expiresInDays * DAY_SECONDS, permissions: API_KEY_PERMISSIONS },
  });
  return {
    ...view({
      ...created,
      referenceId: ownerId,
      permissions: JSON.stringify(created.permissions ?? API_KEY_PERMISSIONS),
    } as Row),
    key: created.key,
  };
}

export async function listApiKeys(db: Database) {
  const rows = await db
    .select({
      id: apikey.id,
      name: apikey.name,
      start: apikey.start,
      referenceId: apikey.referenceId,
      permissions: apikey.permissions,
      expiresAt: apikey.expiresAt,
      createdAt: apikey.createdAt,
      lastRequest: apikey.lastRequest,
    })
    .from(apikey)
    .orderBy(desc(apikey.createdAt));
  return rows.map(view);
}

/** Deletes the key: the next request with it is refused. False when there is no such key. */
export async function revokeApiKey(db: Database, id: string): Promise<boolean> {
  const deleted = await db.delete(apikey).where(eq(apikey.id, id)).returning({ id: apikey.id });
  return deleted.length > 0;
}
