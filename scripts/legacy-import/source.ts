/**
 * Reads the fastapi-users database (plain PostgreSQL, as the FastAPI service used it) page by page in id
 * order. Seed 000's columns are required; seed 004's and the `oauthaccount` table are read when present.
 */
import pg from "pg";

/** Seed 004's user columns: each is read when the table has it, and is null otherwise. */
const OPTIONAL_COLUMNS = [
  "first_name",
  "last_name",
  "phone",
  "phone_verified",
  "picture",
  "timezone",
  "last_logged_in",
  "deleted_at",
  "is_deleted",
  "email_verified",
] as const;

export interface LegacyOAuthAccount {
  id: string;
  oauth_name: string;
  account_id: string;
  account_email: string;
  access_token: string | null;
  refresh_token: string | null;
  /** Epoch seconds, as fastapi-users stores it. */
  expires_at: number | null;
}

export interface LegacyUser {
  id: number;
  email: string;
  hashed_password: string | null;
  is_active: boolean;
  is_superuser: boolean;
  is_verified: boolean;
  full_name: string | null;
  first_name: string | null;
  last_name: string | null;
  phone: string | null;
  phone_verified: boolean | null;
  picture: string | null;
  timezone: string | null;
  last_logged_in: Date | null;
  deleted_at: Date | null;
  is_deleted: boolean | null;
  email_verified: boolean | null;
  oauth: LegacyOAuthAccount[];
}

export interface LegacySource {
  /** What the source has beyond seed 000, for the report. */
  shape: { optionalColumns: string[]; oauthAccounts: boolean };
  count(): Promise<number>;
  /** Users whose email, trimmed and lower-cased, another user also has (each group sorted by id). */
  caseDuplicates(): Promise<LegacyUser[]>;
  /** Every user after `afterId`, `size` at a time, in id order. */
  pages(size: number, afterId?: number): AsyncGenerator<LegacyUser[]>;
  /** Ids and emails of every user, for the validation step. */
  identities(afterId: number, size: number): Promise<{ id: number; email: string }[]>;
  close(): Promise<void>;
}

/** A column as it is read: timestamps without a time zone hold UTC (asyncpg wrote Python's naive UTC). */
function columnExpression(name: string, type: string | undefined): string {
  if (!type) return `NULL AS ${name}`;
  if (type === "timestamp without time zone") return `(u.${name} AT TIME ZONE 'UTC') AS ${name}`;
  return `u.${name}`;
}

export async function openSource(url: string): Promise<LegacySource> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows: columns } = await client.query<{ column_name: string; data_type: string }>(
      `SELECT column_name, data_type FROM information_schema.columns
        WHERE table_schema = current_schema() AND table_name = 'user'`,
    );
    if (columns.length === 0) throw new Error('the source database has no "user" table in its current schema');
    const types = new Map(columns.map((column) => [column.column_name, column.data_type]));
    const { rows: tables } = await client.query<{ profile: string | null; oauth: string | null }>(
      `SELECT to_regclass('userprofile')::text AS profile, to_regclass('oauthaccount')::text AS oauth`,
    );
    const hasProfiles = Boolean(tables[0]?.profile) && types.has("profile_id");
    const hasOAuth = Boolean(tables[0]?.oauth);

    const select = `SELECT u.id, u.email, u.hashed_password, u.is_active, u.is_superuser, u.is_verified,
        ${hasProfiles ? "p.full_name" : "NULL AS full_name"},
        ${OPTIONAL_COLUMNS.map((name) => columnExpression(name, types.get(name))).join(", ")}
      FROM "user" u ${hasProfiles ? "LEFT JOIN userprofile p ON p.id = u.profile_id" : ""}`;

    async function withOAuth(users: Omit<LegacyUser, "oauth">[]): Promise<LegacyUser[]> {
      const byUser = new Map<number, LegacyOAuthAccount[]>();
      if (hasOAuth && users.length > 0) {
        const { rows } = await client.query<LegacyOAuthAccount & { user_id: number }>(
          `SELECT id::text, user_id, oauth_name, account_id, account_email, access_token, refresh_token, expires_at
             FROM oauthaccount WHERE user_id = ANY($1) ORDER BY id`,
          [users.map((user) => user.id)],
        );
        for (const { user_id, ...account } of rows) byUser.set(user_id, [...(byUser.get(user_id) ?? []), account]);
      }
      return users.map((user) => ({ ...user, oauth: byUser.get(user.id) ?? [] }));
    }

    return {
      shape: { optionalColumns: OPTIONAL_COLUMNS.filter((name) => types.has(name)), oauthAccounts: hasOAuth },
      async count() {
        const { rows } = await client.query<{ count: string }>(`SELECT count(*) FROM "user"`);
        return Number(rows[0]?.count ?? 0);
      },
      async caseDuplicates() {
        const { rows } = await client.query<Omit<LegacyUser, "oauth">>(
          `${select} WHERE lower(trim(u.email)) IN
             (SELECT lower(trim(email)) FROM "user" GROUP BY 1 HAVING count(*) > 1) ORDER BY u.id`,
        );
        return withOAuth(rows);
      },
      async *pages(size, afterId = 0) {
        let after = afterId;
        while (true) {
          const { rows } = await client.query<Omit<LegacyUser, "oauth">>(
            `${select} WHERE u.id > $1 ORDER BY u.id LIMIT $2`,
            [after, size],
          );
          if (rows.length === 0) return;
          yield await withOAuth(rows);
          after = rows[rows.length - 1]?.id ?? after;
        }
      },
      async identities(afterId, size) {
        const { rows } = await client.query<{ id: number; email: string }>(
          `SELECT id, email FROM "user" WHERE id > $1 ORDER BY id LIMIT $2`,
          [afterId, size],
        );
        return rows;
      },
      close: () => client.end(),
    };
  } catch (error) {
    await client.end();
    throw error;
  }
}
