/**
 * A notification to a segment of 10,000 users, each with one device, end to end on a Worker of its own:
 * from the send's 202 until every user has it in the inbox and every push was taken by FCM (the tests'
 * fake FCM, served here over HTTP with a realistic delay per push). Reports how long that took and how many
 * queue invocations and messages it needed (counted off wrangler's line per invocation).
 */
import { createServer, type Server } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { neon } from "@neondatabase/serverless";
import { createFakeFcm, fakeServiceAccount } from "../test/fakes/fake-fcm.ts";
import { signUpAdmin, startWorker } from "./bench-worker.ts";
import { freePort } from "./free-port.ts";
import { round, workerRequests } from "./load.ts";
import type { LocalDatabase } from "./neon-local/start.ts";
import "../src/db/neon-endpoint.ts";

const SEGMENT_USERS = Number(process.env.BENCH_SEGMENT_USERS ?? 10_000);
/** What one FCM send takes from a Worker: tens of milliseconds. */
const FCM_LATENCY_MS = Number(process.env.BENCH_FCM_LATENCY_MS ?? 30);
const DEADLINE_MS = 10 * 60_000;

export interface NotificationBench {
  segment_users: number;
  fcm_latency_ms: number;
  seconds_to_inboxes: number;
  seconds_to_all_pushes: number;
  pushes_sent: number;
  queue_invocations: number;
  queue_messages: number;
  worker_db_requests: number;
}

/** The fake FCM and Google token endpoint on a local port, as the Worker's FCM_API_URL and token_uri. */
async function serveFakeFcm() {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const account = fakeServiceAccount(`${origin}/token`);
  const fcm = createFakeFcm(account, { latencyMs: FCM_LATENCY_MS });
  const server: Server = createServer(async (incoming, outgoing) => {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const request = new Request(`${origin}${incoming.url}`, {
      method: incoming.method,
      headers: incoming.headers as Record<string, string>,
      body: incoming.method === "POST" ? Buffer.concat(chunks) : undefined,
    });
    const response = await fcm.fetch(request);
    outgoing.writeHead(response.status, Object.fromEntries(response.headers));
    outgoing.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return { origin, account, fcm, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Users of a segment no other scenario uses, each signed in on one device. */
async function seedSegment(databaseUrl: string, count: number, run: string) {
  const sql = neon(databaseUrl);
  await sql.query(`
    INSERT INTO "user" (id, name, email, "emailVerified", software_level, hardware_background, profile_status,
                        profile_created_at, profile_updated_at)
    SELECT '${run}-' || i, 'Learner ' || i, '${run}-' || i || '@example.com', true, 'advanced', 'other', 'active',
           now(), now()
      FROM generate_series(1, ${count}) AS i`);
  await sql.query(`
    INSERT INTO session (id, token, "userId", "expiresAt")
    SELECT '${run}-s-' || i, '${run}-t-' || i, '${run}-' || i, now() + interval '7 days'
      FROM generate_series(1, ${count}) AS i`);
  await sql.query(`
    INSERT INTO device (user_id, session_id, platform, token)
    SELECT '${run}-' || i, '${run}-s-' || i, 'android', 'ok_${run}_' || i || '${"x".repeat(100)}'
      FROM generate_series(1, ${count}) AS i`);
}

/** Counts the queue consumer's invocations in what wrangler prints, while the bench runs. */
function countInvocations() {
  let invocations = 0;
  let messages = 0;
  const originals = { out: process.stdout.write.bind(process.stdout), err: process.stderr.write.bind(process.stderr) };
  const scan = (chunk: unknown) => {
    for (const line of String(chunk).split("\n")) {
      // wrangler's own line per invocation: `QUEUE persona-edge-notifications 10/10 (3085ms)`.
      const consumed = line.match(/QUEUE persona-edge-notifications (\d+)\/(\d+)/);
      if (!consumed) continue;
      invocations += 1;
      messages += Number(consumed[2]);
    }
  };
  process.stdout.write = ((chunk: unknown, ...rest: unknown[]) => {
    scan(chunk);
    return (originals.out as (...args: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: unknown, ...rest: unknown[]) => {
    scan(chunk);
    return (originals.err as (...args: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof process.stderr.write;
  return {
    counts: () => ({ invocations, messages }),
    restore: () => {
      process.stdout.write = originals.out;
      process.stderr.write = originals.err;
    },
  };
}

export async function benchNotifications(database: LocalDatabase, secret: string): Promise<NotificationBench> {
  const fake = await serveFakeFcm();
  const output = countInvocations();
  const { worker, origin, application } = await startWorker(database, "bench-notifications", secret, true, {
    FCM_SERVICE_ACCOUNT: fake.account.json,
    FCM_API_URL: fake.origin,
  });
  try {
    const run = `bench${Date.now().toString(36)}`;
    await seedSegment(database.databaseUrl, SEGMENT_USERS, run);
    const admin = await signUpAdmin(origin, database.databaseUrl);
    const sql = neon(database.databaseUrl);
    const requestsBefore = workerRequests(database, application);
    const started = performance.now();
    const response = await fetch(`${origin}/api/admin/notifications`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${admin}` },
      body: JSON.stringify({
        segment: { software_level: "advanced", hardware_background: "other" },
        event: "bench.segment",
        title: "A lesson for advanced learners",
        body: "Sent to a segment of the benchmark's users.",
      }),
    });
    if (response.status !== 202) throw new Error(`send answered ${response.status}: ${await response.text()}`);
    const { id } = (await response.json()) as { id: string };
    let inboxesAt = 0;
    for (;;) {
      const [row] = (await sql`
        select n.fanned_out_at is not null as fanned_out, n.recipients,
               (select count(*)::int from notification_delivery d where d.notification_id = n.id and d.status = 'pending') as pending,
               (select count(*)::int from notification_delivery d where d.notification_id = n.id and d.status = 'sent') as sent
          from notification n where n.id = ${id}`) as {
        fanned_out: boolean;
        recipients: number;
        pending: number;
        sent: number;
      }[];
      if (row?.fanned_out && !inboxesAt) inboxesAt = performance.now();
      if (row?.fanned_out && row.pending === 0 && row.sent >= SEGMENT_USERS) break;
      if (performance.now() - started > DEADLINE_MS) throw new Error(`not delivered in time: ${JSON.stringify(row)}`);
      await sleep(250);
    }
    const finished = performance.now();
    // The consumer's last line is printed just after its last write.
    await sleep(1_000);
    const { invocations, messages } = output.counts();
    return {
      segment_users: SEGMENT_USERS,
      fcm_latency_ms: FCM_LATENCY_MS,
      seconds_to_inboxes: round((inboxesAt - started) / 1000, 1),
      seconds_to_all_pushes: round((finished - started) / 1000, 1),
      pushes_sent: fake.fcm.delivered(),
      queue_invocations: invocations,
      queue_messages: messages,
      worker_db_requests: workerRequests(database, application) - requestsBefore,
    };
  } finally {
    output.restore();
    await worker.dispose();
    await fake.close();
  }
}
