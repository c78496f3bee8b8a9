/**
 * `npm run bench:signin-timing`: can a client tell an unknown email from a wrong password by how long
 * sign-in takes, whatever the account's stored hash (Better Auth's scrypt, or an imported bcrypt cost 12 or
 * argon2id at 64 MiB)? Starts the local endpoint (with the emulated Neon round trip) and the Worker under
 * wrangler with wrangler.toml's failure floor, then sends interleaved rounds of the four failures, each from
 * a new client address and the wrong passwords spread over enough accounts that no rate limit answers
 * instead. Writes bench/signin-timing.json; exits 1 when any two medians differ by more than 20 ms.
 *
 * Environment: TIMING_SAMPLES (per kind, default 100), BENCH_LATENCY_MS (default 20).
 */
import { readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { nextClientIp, startWorker } from "./bench-worker.ts";
import { insertLegacyAccount, legacyFixture } from "./legacy-accounts.ts";
import { round } from "./load.ts";
import { startLocalDatabase } from "./neon-local/start.ts";

const samples = Number(process.env.TIMING_SAMPLES ?? 100);
const latencyMs = Number(process.env.BENCH_LATENCY_MS ?? 20);
const RESULTS = new URL("../bench/signin-timing.json", import.meta.url);
const WRANGLER_TOML = new URL("../wrangler.toml", import.meta.url);
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

  const accountCount = Math.ceil(samples / ATTEMPTS_PER_ACCOUNT);
  const scryptAccounts: string[] = [];
  for (let index = 0; index < accountCount; index += 1) {
    const email = `timing-${crypto.randomUUID()}@example.com`;
    const response = await fetch(`${origin}/api/auth/signup`, {
      method: "POST",
      headers: { "content-type": "application/json", "cf-connecting-ip": nextClientIp() },
      body: JSON.stringify({ email, password: PASSWORD, software_level: "beginner", hardware_background: "none" }),
    });
    if (response.status !== 201) throw new Error(`sign-up failed: ${response.status}`);
    scryptAccounts.push(email);
  }
  const legacyAccounts = async (format: string, prefix: string) => {
    const fixture = legacyFixture(format, prefix);
    return Promise.all(Array.from({ length: accountCount }, () => insertLegacyAccount(database.databaseUrl, fixture)));
  };
  const bcryptAccounts = await legacyAccounts("bcrypt", "$2b$12$");
  const argon2Accounts = await legacyAccounts("argon2id-pwdlib", "$argon2id$v=19$m=65536,t=3,p=4$");
  database.endpoint.setLatency(latencyMs);
  // Warm-up: the isolate's first requests build Better Auth and instantiate argon2's WebAssembly.
  for (let index = 0; index < 5; index += 1) await signIn(`warm-${index}@example.com`, PASSWORD);
  await signIn(argon2Accounts[0] ?? "", "not the password at all");

  const wrongPassword = (accounts: string[]) => (index: number) =>
    signIn(accounts[Math.floor(index / ATTEMPTS_PER_ACCOUNT)] ?? "", "not the password at all");
  const kinds = [
    { name: "unknown_email", send: () => signIn(`nobody-${crypto.randomUUID()}@example.com`, PASSWORD) },
    { name: "wrong_password_scrypt", send: wrongPassword(scryptAccounts) },
    { name: "wrong_password_legacy_bcrypt_12", send: wrongPassword(bcryptAccounts) },
    { name: "wrong_password_legacy_argon2id_64mib", send: wrongPassword(argon2Accounts) },
  ];
  const timings = new Map<string, number[]>(kinds.map((kind) => [kind.name, []]));
  for (let index = 0; index < samples; index += 1) {
    // Rotate which goes first, so none always meets the warmer machine.
    for (let turn = 0; turn < kinds.length; turn += 1) {
      const kind = kinds[(index + turn) % kinds.length] as (typeof kinds)[number];
      const { ms, status } = await kind.send(index);
      if (status !== 401) throw new Error(`${kind.name}: expected 401, got ${status}`);
      timings.get(kind.name)?.push(ms);
    }
  }

  const medians = [...timings.values()].map(median);
  const gap = Math.max(...medians) - Math.min(...medians);
  const report = {
    generated_at: new Date().toISOString(),
    samples_per_kind: samples,
    emulated_neon_round_trip_ms: latencyMs,
    failed_sign_in_floor_ms: Number(/FAILED_SIGN_IN_FLOOR_MS = "(\d+)"/.exec(readFileSync(WRANGLER_TOML, "utf8"))?.[1]),
    ...Object.fromEntries(
      [...timings].map(([name, values]) => [
        name,
        { median_ms: round(median(values)), min_ms: round(Math.min(...values)) },
      ]),
    ),
    largest_median_gap_ms: round(gap),
    target: `largest median gap <= ${MAX_MEDIAN_GAP_MS} ms`,
    pass: gap <= MAX_MEDIAN_GAP_MS,
  };
  await writeFile(RESULTS, `${JSON.stringify(report, null, 2)}\n`);
  console.log(JSON.stringify(report, null, 2));
  process.exitCode = report.pass ? 0 : 1;
} finally {
  await worker.dispose();
  await database.endpoint.close();
}
