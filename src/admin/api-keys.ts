/**
 * API keys for backend services, issued by admins through Better Auth's API key plugin (server-side, so the
 * permissions are ours to set) and listed and revoked here from its table.
 */
import { desc, eq } from "drizzle-orm";
import type { Auth } from "../auth/create-auth";
import type { Database } from "../db/client";
import { apikey } from "../db/schema";
import { API_KEY_SCOPES, type ApiKeyScope } from "./schemas";

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

interface NewKey {
  name: string;
  expiresInDays: number;
  permissions: ApiKeyScope[];
}

/** The plugin's permission record for a list of scopes: `["analytics:read"]` is `{ analytics: ["read"] }`. */
function permissionRecord(scopes: ApiKeyScope[]): Record<string, string[]> {
  const record: Record<string, string[]> = {};
  for (const scope of scopes) {
    for (const [resource, actions] of Object.entries(API_KEY_SCOPES[scope])) {
      record[resource] = [...(record[resource] ?? []), ...actions];
    }
  }
  return record;
}

export async function createApiKey(auth: Auth, ownerId: string, { name, expiresInDays, permissions }: NewKey) {
  const record = permissionRecord(permissions);
  // No headers: a call with a request counts as a client's, and the plugin refuses permissions from clients.
  const created = await auth.api.createApiKey({
    body: { userId: ownerId, name, expiresIn: expiresInDays * DAY_SECONDS, permissions: record },
  });
  return {
    ...view({
      ...created,
      referenceId: ownerId,
      permissions: JSON.stringify(created.permissions ?? record),
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
