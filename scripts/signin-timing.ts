/**
 * `npm run bench:signin-timing`: can a client tell an unknown email from a wrong password by how long
 * sign-in takes? Starts the local endpoint (with the emulated Neon round trip) and the Worker under
 * wrangler, then sends interleaved pairs of both failures, each from a new client address and the wrong
 * passwords spread over enough accounts that no rate limit answers instead. Writes
 * bench/signin-timing.json; exits 1 when the medians differ by more than 20 ms.
 *
 * Environment: TIMING_SAMPLES (pairs, default 200), BENCH_LATENCY_MS (default 20).
 */
import { writeFile } from "node:fs/promises";
import { nextClientIp, startWorker } from "./bench-worker.ts";
import { round } from "./load.ts";
import { startLocalDatabase } from "./neon-local/start.ts";

const samples = Number(process.env.TIMING_SAMPLES ?? 200);
const latencyMs = Number(process.env.BENCH_LATENCY_MS ?? 20);
const RESULTS = new URL("../bench/signin-timing.json", import.meta.url);
const SECRET = "timing-secret-at-least-32-characters-long";
const PASSWORD = "a sturdy timing passphrase";
/** Wrong passwords per account: under the per-account sign-in limit (10 in 10 minutes). */
const ATTEMPTS_PER_ACCOUNT = 8;
const MAX_MEDIAN_GAP_MS = 20;

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? Number.NaN) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};

const database = await startLocalDatabase();
const { worker, origin } = await startWorker(database, "signin-timing", SECRET);
try {
  async function signIn(email: string, password: string): Promise<{ ms: number; status: number }> {
    const started = performance.now();
    const response = await fetch(`${origin}/api/auth/signin`, {
      method: "POST",
      headers: { "content-type": "application/json", "cf-connecting-ip": nextClientIp() },
      body: JSON.stringify({ email, password }),
    });
    await response.arrayBuffer();
    return { ms: performance.now() - started, status: response.status };
  }

  const accounts: string[] = [];
  for (let index = 0; index < Math.ceil(samples / ATTEMPTS_PER_ACCOUNT); index += 1) {
    const email = `timing-${crypto.randomUUID()}@example.com`;
    const response = await fetch(`${origin}/api/auth/signup`, {
      method: "POST",
      headers: { "content-type": "application/json", "cf-connecting-ip": nextClientIp() },
      body: JSON.stringify({ email, password: PASSWORD, software_level: "beginner", hardware_background: "none" }),
    });
    if (response.status !== 201) throw new Error(`sign-up failed: ${response.status}`);
    accounts.push(email);
  }
  database.endpoint.setLatency(latencyMs);
  // Warm-up: the isolate's first requests build Better Auth.
  for (let index = 0; index < 5; index += 1) await signIn(`warm-${index}@example.com`, PASSWORD);

  const unknown: number[] = [];
  const wrong: number[] = [];
  for (let index = 0; index < samples; index += 1) {
    // Alternate which goes first, so neither always meets the warmer machine.
    const pair = [
      () => signIn(`nobody-${crypto.randomUUID()}@example.com`, PASSWORD),
      () => signIn(accounts[Math.floor(index / ATTEMPTS_PER_ACCOUNT)] ?? "", "not the password at all"),
    ] as const;
    const order = index % 2 === 0 ? [0, 1] : [1, 0];
    for (const which of order) {
      const { ms, status } = await (pair[which] as () => Promise<{ ms: number; status: number }>)();
      if (status !== 401) throw new Error(`expected 401, got ${status}`);
      (which === 0 ? unknown : wrong).push(ms);
    }
  }

  const gap = Math.abs(median(unknown) - median(wrong));
  const report = {
    generated_at: new Date().toISOString(),
    samples_per_kind: samples,
    emulated_neon_round_trip_ms: latencyMs,
    unknown_email: { median_ms: round(median(unknown)), min_ms: round(Math.min(...unknown)) },
    wrong_password: { median_ms: round(median(wrong)), min_ms: round(Math.min(...wrong)) },
    median_gap_ms: round(gap),
    target: `median gap <= ${MAX_MEDIAN_GAP_MS} ms`,
    pass: gap <= MAX_MEDIAN_GAP_MS,
  };
  await writeFile(RESULTS, `${JSON.stringify(report, null, 2)}\n`);
  console.log(JSON.stringify(report, null, 2));
  process.exitCode = report.pass ? 0 : 1;
} finally {
  await worker.dispose();
  await database.endpoint.close();
}
