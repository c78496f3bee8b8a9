/** The user's consents, read and replaced (one statement each). */
import { and, eq, notInArray, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { type ConsentField, user, widgetConsent } from "../db/schema";
import { profileSelection } from "../profile/queries";
import { profileView } from "../profile/view";

export interface StoredConsent {
  origin: string;
  fields: ConsentField[];
  updatedAt: Date;
}

export async function listConsents(db: Database, userId: string): Promise<StoredConsent[]> {
  return db
    .select({ origin: widgetConsent.origin, fields: widgetConsent.fields, updatedAt: widgetConsent.updatedAt })
    .from(widgetConsent)
    .where(eq(widgetConsent.userId, userId));
}

/**
 * What one site may read (nothing without a grant), with the user's profile as it now stands: what a token
 * for the site is made of, in one round trip. Undefined for a user that no longer exists.
 */
export async function grantFor(db: Database, userId: string, origin: string) {
  const [row] = await db
    .select({ ...profileSelection, fields: widgetConsent.fields })
    .from(user)
    .leftJoin(widgetConsent, and(eq(widgetConsent.userId, user.id), eq(widgetConsent.origin, origin)))
    .where(eq(user.id, userId));
  return row && { profile: profileView(row), fields: row.fields ?? [] };
}

const textArray = (values: string[]) =>
  sql`ARRAY[${sql.join(
    values.map((value) => sql`${value}`),
    sql`, `,
  )}]::text[]`;

/**
 * Makes the user's grants exactly `grants` (sites with fields), in one statement: the others go, changed
 * ones are rewritten with a new time, unchanged ones keep theirs. Answers the grants as they now stand,
 * and the sites whose grant changed (narrowed, widened or ended).
 */
export async function replaceConsents(
  db: Database,
  userId: string,
  grants: { origin: string; fields: ConsentField[] }[],
): Promise<{ consents: StoredConsent[]; changed: string[] }> {
  const kept = grants.map((grant) => grant.origin);
  const rows = grants.map((grant) => sql`(${userId}, ${grant.origin}, ${textArray(grant.fields)})`);
  const removedWhere = kept.length
    ? and(eq(widgetConsent.userId, userId), notInArray(widgetConsent.origin, kept))
    : eq(widgetConsent.userId, userId);
  const result = await db.execute<{
    origin: string;
    fields: ConsentField[] | null;
    updated_at: string | null;
    changed: boolean;
  }>(sql`
    WITH removed AS (
      DELETE FROM ${widgetConsent} WHERE ${removedWhere} RETURNING origin
    ),
    written AS (
      ${
        rows.length
          ? sql`INSERT INTO ${widgetConsent} (user_id, origin, fields) VALUES ${sql.join(rows, sql`, `)}
                ON CONFLICT (user_id, origin) DO UPDATE SET fields = excluded.fields,
                  updated_at = CASE WHEN ${widgetConsent.fields} IS DISTINCT FROM excluded.fields
                                    THEN now() ELSE ${widgetConsent.updatedAt} END
                RETURNING origin, fields, updated_at, updated_at = now() AS changed`
          : sql`SELECT NULL::text AS origin, NULL::text[] AS fields, NULL::timestamptz AS updated_at,
                       false AS changed WHERE false`
      }
    )
    SELECT origin, NULL::text[] AS fields, NULL::timestamptz AS updated_at, true AS changed FROM removed
    UNION ALL SELECT origin, fields, updated_at, changed FROM written
  `);
  return {
    consents: result.rows.flatMap(({ origin, fields, updated_at }) =>
      fields && updated_at ? [{ origin, fields, updatedAt: new Date(updated_at) }] : [],
    ),
    changed: result.rows.filter((row) => row.changed).map((row) => row.origin),
  };
}
