/** A user's own interaction records, newest first by cursor (they are written by the queue's consumer). */
import { and, desc, eq } from "drizzle-orm";
import type { Database } from "../db/client";
import { interaction } from "../db/schema";
import type { ContentType } from "../db/schema/interactions";
import { encodeCursor, pastCursor } from "../validation/page-cursor";

export async function listInteractions(
  db: Database,
  userId: string,
  { limit, cursor }: { limit: number; cursor?: string },
) {
  const rows = await db
    .select()
    .from(interaction)
    .where(and(eq(interaction.userId, userId), pastCursor(cursor, interaction.createdAt, interaction.id)))
    .orderBy(desc(interaction.createdAt), desc(interaction.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map((row) => ({
      id: row.id,
      content_type: row.contentType as ContentType,
      personalization_effectiveness: row.effectiveness,
      metadata: row.metadata ?? null,
      software_level: row.softwareLevel,
      hardware_background: row.hardwareBackground,
      profile_state: row.profileState,
      created_at: row.createdAt.toISOString(),
    })),
    next_cursor: rows.length > limit && last ? encodeCursor(last) : null,
  };
}
