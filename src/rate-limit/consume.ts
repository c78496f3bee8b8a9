/**
 * Counts a request against several limits in one statement, atomically: an `INSERT … ON CONFLICT DO
 * UPDATE` row-locks each counter, so concurrent requests from any isolate can never both take the last
 * slot, and the whole check costs one round trip.
 */
import { sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { rateLimit } from "../db/schema";
import type { Limit } from "./rules";

export interface Counter extends Limit {
  key: string;
}

/** Refused when any counter is over its limit; `retryAfter` says when the last of them lets up. */
export type Decision = { allowed: true } | { allowed: false; retryAfter: number };

const lapsed = sql`${rateLimit.windowStartedAt} <= now() - make_interval(secs => excluded.window_seconds)`;

export async function consume(db: Database, counters: Counter[]): Promise<Decision> {
  if (counters.length === 0) return { allowed: true };
  const rows = await db
    .insert(rateLimit)
    .values(counters.map(({ key, window }) => ({ key, windowSeconds: window, hits: 1, windowStartedAt: sql`now()` })))
    .onConflictDoUpdate({
      target: rateLimit.key,
      set: {
        hits: sql`case when ${lapsed} then 1 else ${rateLimit.hits} + 1 end`,
        windowStartedAt: sql`case when ${lapsed} then now() else ${rateLimit.windowStartedAt} end`,
        windowSeconds: sql`excluded.window_seconds`,
      },
    })
    .returning({
      key: rateLimit.key,
      hits: rateLimit.hits,
      // Seconds until the window ends, by the database's clock: the one that started it.
      remaining: sql<number>`ceil(extract(epoch from ${rateLimit.windowStartedAt} + make_interval(secs => ${rateLimit.windowSeconds}) - now()))::int`,
    });
  const over = rows.filter((row) => row.hits > (counters.find((counter) => counter.key === row.key)?.max ?? 0));
  if (over.length === 0) return { allowed: true };
  return { allowed: false, retryAfter: Math.max(1, ...over.map((row) => row.remaining)) };
}

/**
 * Forgets counters whose window ended more than a day ago (the scheduled handler calls it), by the
 * database's clock, the one their windows are judged by.
 */
export async function pruneCounters(db: Database): Promise<number> {
  const pruned = await db
    .delete(rateLimit)
    .where(
      sql`${rateLimit.windowStartedAt} + make_interval(secs => ${rateLimit.windowSeconds}) < now() - interval '1 day'`,
    )
    .returning({ key: rateLimit.key });
  return pruned.length;
}
