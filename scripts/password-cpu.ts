/**
 * The CPU one email sign-in costs, by the format of the stored password hash: Better Auth's scrypt, and the
 * legacy bcrypt (cost 12) and argon2id (m=64 MiB, t=3, p=4) of imported fastapi-users accounts, whose first
 * sign-in also re-hashes to scrypt. The hashes are the fixture's, made by the Python libraries. workerd
 * reports no CPU per request outside Cloudflare, so this reads the CPU time Linux counts for the Worker's
 * own workerd process around each sign-in, made one at a time on an otherwise idle Worker.
 */
import { readdirSync, readFileSync } from "node:fs";
import { nextClientIp, startWorker } from "./bench-worker.ts";
import { insertLegacyAccount, type LegacyFixture, legacyFixture } from "./legacy-accounts.ts";
import { round } from "./load.ts";
import type { LocalDatabase } from "./neon-local/start.ts";

/** Linux's clock ticks per second for /proc/<pid>/stat: 100 on every mainstream kernel build. */
const TICKS_PER_SECOND = 100;
/** Workers Free allows 10 ms of CPU per request; Paid 30 s by default. */
const FREE_PLAN_CPU_MS = 10;

export interface PasswordCpu {
  stored_hash: string;
  sign_ins: number;
  cpu_ms_per_sign_in: number | null;
  /**
   * For a legacy hash, the first sign-in's CPU above a scrypt sign-in's: its re-hash costs what scrypt's
   * verification does, so this is what verifying the legacy hash costs.
   */
  legacy_verify_cpu_ms: number | null;
  wall_ms_p50: number;
  db_requests_per_sign_in: number;
  workers_plan: "Free" | "Paid";
}

function workerdProcesses(): Set<number> {
  const pids = new Set<number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, "utf8").trim() === "workerd") pids.add(Number(entry));
    } catch {
      // Gone between listing and reading.
    }
  }
  return pids;
}

/** User plus system CPU, in ms, of these processes so far. */
function cpuMs(pids: number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    // Fields after the parenthesised command name; utime and stime are the 14th and 15th of the line.
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
    ticks += Number(fields[11]) + Number(fields[12]);
  }
  return (ticks * 1000) / TICKS_PER_SECOND;
}

/** /proc exists (Linux): the CPU counts come from it; elsewhere only wall times are measured. */
function existsProc(): boolean {
  try {
    readdirSync("/proc/self");
    return true;
  } catch {
    return false;
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

export async function measurePasswordCpu(
  database: LocalDatabase,
  secret: string,
  signIns: number,
): Promise<PasswordCpu[]> {
  const kinds: { stored_hash: string; fixture?: LegacyFixture }[] = [
    { stored_hash: "scrypt (Better Auth)" },
    { stored_hash: "bcrypt, cost 12 (first sign-in, re-hashed)", fixture: legacyFixture("bcrypt", "$2b$12$") },
    {
      stored_hash: "argon2id, m=65536 t=3 p=4 (first sign-in, re-hashed)",
      fixture: legacyFixture("argon2id-pwdlib", "$argon2id$v=19$m=65536,t=3,p=4$"),
    },
  ];

  const onLinux = existsProc();
  const before = onLinux ? workerdProcesses() : new Set<number>();
  const { worker, origin, application } = await startWorker(database, "password-cpu", secret);
  try {
    const post = (path: string, body: object) =>
      fetch(`${origin}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json", "cf-connecting-ip": nextClientIp() },
        body: JSON.stringify(body),
      });
    // Each sign-in is an account's first: legacy hashes are replaced by it, and no account meets its limit.
    async function accountsFor(kind: (typeof kinds)[number], count: number) {
      const accounts: { email: string; password: string }[] = [];
      for (let index = 0; index < count; index += 1) {
        if (!kind.fixture) {
          const email = `cpu-${crypto.randomUUID()}@example.com`;
          const password = "a sturdy benchmark passphrase";
          const response = await post("/api/auth/signup", {
            email,
            password,
            software_level: "beginner",
            hardware_background: "none",
          });
          if (response.status !== 201) throw new Error(`sign-up failed: ${response.status}`);
          accounts.push({ email, password });
          continue;
        }
        accounts.push({
          email: await insertLegacyAccount(database.databaseUrl, kind.fixture),
          password: kind.fixture.password,
        });
      }
      return accounts;
    }

    const results: PasswordCpu[] = [];
    let pids: number[] = [];
    let scryptCpu: number | null = null;
    // Warm-up: the isolate's first requests build Better Auth and instantiate the WebAssembly.
    for (const kind of kinds) {
      for (const account of await accountsFor(kind, 1)) {
        if ((await post("/api/auth/signin", account)).status !== 200) throw new Error("warm-up sign-in failed");
      }
    }
    // Read after the warm-up: wrangler starts the Worker's workerd processes as they are first needed.
    if (onLinux) pids = [...workerdProcesses()].filter((pid) => !before.has(pid));
    for (const kind of kinds) {
      const accounts = await accountsFor(kind, signIns);
      const requestsBefore = database.endpoint.stats().byApplication[application]?.requests ?? 0;
      let cpu = 0;
      const walls: number[] = [];
      for (const account of accounts) {
        const cpuBefore = cpuMs(pids);
        const started = performance.now();
        const response = await post("/api/auth/signin", account);
        await response.arrayBuffer();
        walls.push(performance.now() - started);
        cpu += cpuMs(pids) - cpuBefore;
        if (response.status !== 200) throw new Error(`${kind.stored_hash}: sign-in answered ${response.status}`);
      }
      const requests = (database.endpoint.stats().byApplication[application]?.requests ?? 0) - requestsBefore;
      const cpuPerSignIn = pids.length > 0 ? cpu / accounts.length : null;
      if (!kind.fixture) scryptCpu = cpuPerSignIn;
      results.push({
        stored_hash: kind.stored_hash,
        sign_ins: accounts.length,
        cpu_ms_per_sign_in: cpuPerSignIn === null ? null : round(cpuPerSignIn, 1),
        legacy_verify_cpu_ms:
          kind.fixture && cpuPerSignIn !== null && scryptCpu !== null ? round(cpuPerSignIn - scryptCpu, 1) : null,
        wall_ms_p50: round(median(walls), 1),
        db_requests_per_sign_in: round(requests / accounts.length, 2),
        workers_plan: (cpuPerSignIn ?? median(walls)) <= FREE_PLAN_CPU_MS ? "Free" : "Paid",
      });
    }
    return results;
  } finally {
    await worker.dispose();
  }
}
