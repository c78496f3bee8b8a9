/** A user's own interaction records, newest first by cursor (they are written by the queue's consumer). */
import { and, desc, eq } from "drizzle-orm";
import type { Database } from "../db/client";
import { interaction } from "../db/schema";
import type { ContentType } from "../db/schema/interactions";
import { pageOf, pastCursor } from "../validation/page-cursor";

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
  return pageOf(rows, limit, (row) => ({
    id: row.id,
    content_type: row.contentType as ContentType,
    personalization_effectiveness: row.effectiveness,
    metadata: row.metadata ?? null,
    software_level: row.softwareLevel,
    hardware_background: row.hardwareBackground,
    profile_state: row.profileState,
    created_at: row.createdAt.toISOString(),
  }));
}
