/**
 * Interaction logging and its analytics, on a Worker of their own (its queue consumer's writes must not land
 * in another scenario's count):
 * - POST /api/personalization/interactions (queued) against /ping on the same Worker, by p50;
 * - the database requests per logged interaction once the consumer has drained the queue, and the records
 *   per batch that makes;
 * - the effectiveness query over 90 days after seeding 1,000,000 interactions, and the plan of its SQL.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { neon } from "@neondatabase/serverless";
import { signUpAdmin, startWorker } from "./bench-worker.ts";
import { measure, round, type Scenario, summarize, workerRequests } from "./load.ts";
import type { LocalDatabase } from "./neon-local/start.ts";
import "../src/db/neon-endpoint.ts";

const SEEDED_INTERACTIONS = Number(process.env.BENCH_SEEDED_INTERACTIONS ?? 1_000_000);
const QUERY_SAMPLES = 50;
const SEED_CHUNK = 100_000;

export interface InteractionBench {
  ping_p50_ms: number;
  log_interaction_p50_ms: number;
  log_over_ping: number;
  logged: number;
  db_requests_per_logged_interaction: number;
  records_per_batch: number;
  seeded_interactions: number;
  seed_seconds: number;
  effectiveness_90_days: { p50_ms: number; p95_ms: number };
  raw_table_sequential_scan: boolean;
  plan: string[];
}

async function accessToken(origin: string, sessionToken: string): Promise<string> {
  const response = await fetch(`${origin}/api/auth/token`, { headers: { authorization: `Bearer ${sessionToken}` } });
  return ((await response.json()) as { token: string }).token;
}

/** Interactions spread over the last 120 days, and their daily totals, as the consumer would have left them. */
async function seed(databaseUrl: string, count: number): Promise<number> {
  const sql = neon(databaseUrl);
  const started = performance.now();
  // In chunks: one statement of a million rows outlasts the local endpoint's request timeout on PGlite.
  for (let first = 1; first <= count; first += SEED_CHUNK) {
    await sql.query(`
    INSERT INTO interaction (id, user_id, content_type, personalization_effectiveness, metadata, software_level,
                             hardware_background, profile_state, created_at)
    SELECT gen_random_uuid(), NULL, (ARRAY['chat','translation','summary','exercise','other'])[1 + (i % 5)],
           CASE WHEN i % 3 = 0 THEN NULL ELSE (i * 7) % 6 END, NULL,
           CASE WHEN i % 4 = 0 THEN NULL ELSE (ARRAY['beginner','intermediate','advanced'])[1 + (i % 3)]::software_level END,
           CASE WHEN i % 4 = 0 THEN NULL ELSE (ARRAY['robotics','embedded systems','none','other'])[1 + (i % 4)]::hardware_background END,
           CASE WHEN i % 4 = 0 THEN (CASE WHEN i % 8 = 0 THEN 'archived' ELSE 'absent' END) ELSE 'active' END,
           now() - ((i % 120) || ' days')::interval - ((i % 86400) || ' seconds')::interval
      FROM generate_series(${first}, ${Math.min(first + SEED_CHUNK - 1, count)}) AS i`);
  }
  await sql.query(`
    INSERT INTO interaction_daily (day, content_type, software_level, hardware_background, profile_state, count,
                                   rated, effectiveness_sum, rated_0, rated_1, rated_2, rated_3, rated_4, rated_5)
    SELECT (created_at AT TIME ZONE 'UTC')::date, content_type, software_level, hardware_background, profile_state,
           count(*), count(personalization_effectiveness), coalesce(sum(personalization_effectiveness), 0),
           count(*) FILTER (WHERE personalization_effectiveness = 0), count(*) FILTER (WHERE personalization_effectiveness = 1),
           count(*) FILTER (WHERE personalization_effectiveness = 2), count(*) FILTER (WHERE personalization_effectiveness = 3),
           count(*) FILTER (WHERE personalization_effectiveness = 4), count(*) FILTER (WHERE personalization_effectiveness = 5)
      FROM interaction WHERE user_id IS NULL GROUP BY 1, 2, 3, 4, 5
    ON CONFLICT ON CONSTRAINT interaction_daily_group DO UPDATE SET count = interaction_daily.count + excluded.count`);
  await sql.transaction([sql.query("ANALYZE interaction"), sql.query("ANALYZE interaction_daily")]);
  return (performance.now() - started) / 1000;
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
};

export async function benchInteractions(
  database: LocalDatabase,
  secret: string,
  seconds: number,
  connections: number,
): Promise<InteractionBench> {
  const { worker, origin, application } = await startWorker(database, "bench-interactions", secret);
  try {
    const sessionToken = await signUpAdmin(origin, database.databaseUrl);
    const scenario = async (): Promise<Scenario[]> => {
      const token = await accessToken(origin, sessionToken);
      return [
        { name: "ping", origin, application, path: "/ping" },
        {
          name: "log interaction (queued)",
          origin,
          application,
          path: "/api/personalization/interactions",
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
          body: JSON.stringify({
            content_type: "chat",
            personalization_effectiveness: 4,
            metadata: { page: "/intro" },
          }),
        },
      ];
    };
    // Warm-up, then three interleaved rounds of each.
    for (const warm of await scenario()) await measure(warm, database, 1, connections);
    await sleep(7_000);
    const sql = neon(database.databaseUrl);
    const count = async () =>
      Number(
        ((await sql`select count(*)::int as n from interaction where user_id is not null`) as { n: number }[])[0]?.n,
      );
    const loggedBefore = await count();
    const requestsBefore = workerRequests(database, application);
    const samples = new Map<string, Awaited<ReturnType<typeof measure>>[]>();
    let accepted = 0;
    for (let pass = 0; pass < 3; pass += 1) {
      for (const entry of await scenario()) {
        const sample = await measure(entry, database, seconds, connections);
        if (entry.method === "POST") accepted += sample.completed - sample.non2xx;
        samples.set(entry.name, [...(samples.get(entry.name) ?? []), sample]);
      }
    }
    // Drained: every accepted record stored (the batch window is 5 s).
    const deadline = Date.now() + 60_000;
    while ((await count()) - loggedBefore < accepted && Date.now() < deadline) await sleep(500);
    const logged = (await count()) - loggedBefore;
    // The count queries above are the bench's own (another application_name), not the Worker's.
    const consumerRequests = workerRequests(database, application) - requestsBefore;
    const [ping, log] = [...samples].map(([name, taken]) => summarize(name, taken));

    const seedSeconds = await seed(database.databaseUrl, SEEDED_INTERACTIONS);
    const to = new Date().toISOString().slice(0, 10);
    const from = new Date(Date.now() - 89 * 86_400_000).toISOString().slice(0, 10);
    const query = `/api/admin/analytics/effectiveness?from=${from}&to=${to}&group_by=content_type,software_level,hardware_background`;
    // As a dashboard calls it: with an access token, so the caller costs no round trip.
    const token = await accessToken(origin, sessionToken);
    const latencies: number[] = [];
    for (let index = 0; index < QUERY_SAMPLES; index += 1) {
      const started = performance.now();
      const response = await fetch(`${origin}${query}`, { headers: { authorization: `Bearer ${token}` } });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`effectiveness query answered ${response.status}`);
      latencies.push(performance.now() - started);
    }
    // The statement src/analytics/queries.ts sends for that query (Drizzle writes it the same way).
    const plan = (
      (await sql.query(
        `EXPLAIN SELECT content_type, software_level, hardware_background, sum(count), sum(rated), sum(effectiveness_sum),
                        sum(rated_0), sum(rated_1), sum(rated_2), sum(rated_3), sum(rated_4), sum(rated_5)
           FROM interaction_daily WHERE day >= $1 AND day <= $2
          GROUP BY content_type, software_level, hardware_background
          ORDER BY content_type, software_level, hardware_background`,
        [from, to],
      )) as { "QUERY PLAN": string }[]
    ).map((row) => row["QUERY PLAN"]);
    return {
      ping_p50_ms: ping?.p50_ms ?? Number.NaN,
      log_interaction_p50_ms: log?.p50_ms ?? Number.NaN,
      log_over_ping: round((log?.p50_ms ?? Number.NaN) / (ping?.p50_ms ?? Number.NaN), 3),
      logged,
      db_requests_per_logged_interaction: round(consumerRequests / Math.max(logged, 1), 4),
      records_per_batch: round(logged / Math.max(consumerRequests, 1), 1),
      seeded_interactions: SEEDED_INTERACTIONS,
      seed_seconds: round(seedSeconds, 1),
      effectiveness_90_days: { p50_ms: round(percentile(latencies, 50)), p95_ms: round(percentile(latencies, 95)) },
      raw_table_sequential_scan: plan.some((line) => /Seq Scan on interaction\b(?!_)/.test(line)),
      plan,
    };
  } finally {
    await worker.dispose();
  }
}
