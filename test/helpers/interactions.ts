/** Interaction records travel through the real queue: tests wait for the consumer to have stored them. */
import { inArray } from "drizzle-orm";
import { interaction } from "../../src/db/schema";
import { testDatabase } from "./admin";

/** Until every id is in the table: at most the queue's batch window (wrangler.toml) plus the write. */
export async function stored(ids: string[], timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await testDatabase.select().from(interaction).where(inArray(interaction.id, ids));
    if (rows.length === ids.length) return rows;
    if (Date.now() > deadline) throw new Error(`${ids.length - rows.length} of ${ids.length} records never stored`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
