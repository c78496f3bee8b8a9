/**
 * `npm run bench`: the edge path against its baseline, on this machine. Starts the local Neon endpoint
 * (in-memory PGlite) with an emulated Worker-to-Neon round trip, and the Worker twice under wrangler (edge
 * session cache on, and off as the baseline), then drives each scenario with autocannon over loopback at
 * one concurrency, bounded in time. Writes bench/results.json and prints a table; exits 1 if a target fails.
 *
 * The client kit's warm context (client/widget.ts, as a widget on the embedding site uses it) is measured in a
 * loop of its own calls, beside ping measured the same way.
 *
 * Then the CPU one sign-in costs by stored password hash (scrypt, legacy bcrypt and argon2id: see
 * password-cpu.ts), interaction logging through the queue with its analytics over 1,000,000 seeded
 * records (interaction-bench.ts), and a notification to a segment of 10,000 users through the queue and a
 * fake FCM (notification-bench.ts), and the round trips of each sign-in method, with the warm context
 * after each (sign-in-methods-bench.ts), each on a Worker of its own.
 *
 * Environment: BENCH_LATENCY_MS (default 20), BENCH_CONNECTIONS (2), BENCH_ROUNDS (3), BENCH_SECONDS
 * (2 per scenario and round), BENCH_PASSWORD_SIGN_INS (10 per hash format), BENCH_SEGMENT_USERS (10,000),
 * BENCH_FCM_LATENCY_MS (30 per push), BENCH_SIGN_IN_RUNS (5 per sign-in method).
 */
import { writeFile } from "node:fs/promises";
import { cpus, totalmem } from "node:os";
import packageJson from "../package.json" with { type: "json" };
import { type Caller, renew, SITE, signUp } from "./bench-callers.ts";
import { benchTargets, FETCH_PING_SCENARIO, KIT_SCENARIO } from "./bench-targets.ts";
import { nextClientIp, startWorker, type Worker } from "./bench-worker.ts";
import { buildClientKit } from "./build-client.ts";
import { benchInteractions } from "./interaction-bench.ts";
import { explain, measure, measureCalls, round, type Sample, type Scenario, summarize } from "./load.ts";
import { startLocalDatabase } from "./neon-local/start.ts";
import { benchNotifications } from "./notification-bench.ts";
import { measurePasswordCpu } from "./password-cpu.ts";
import { benchSignInMethods } from "./sign-in-methods-bench.ts";

const latencyMs = Number(process.env.BENCH_LATENCY_MS ?? 20);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 2);
const seconds = Number(process.env.BENCH_SECONDS ?? 2);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const passwordSignIns = Number(process.env.BENCH_PASSWORD_SIGN_INS ?? 10);
const RESULTS = new URL("../bench/results.json", import.meta.url);
const SECRET = "benchmark-secret-at-least-32-characters-long";
/** Enough accounts that no sign-in of a run meets the per-account limit. */
const SIGN_IN_ACCOUNTS = 30;
/** A loop's call that the API refused counts as an error, not as a fast answer. */
async function expectOk(response: Response): Promise<string> {
  const body = await response.text();
  if (!response.ok) throw new Error(`${response.status} ${body}`);
  return body;
}

/** What the bench uses of the kit's widget (client/widget.ts). */
interface KitWidget {
  getContext(options: { contentType: "chat" }): Promise<unknown>;
  forget(): void;
}

// The kit as an application gets it: its build (types stay with the source, whose AppType is the Worker's).
const kitSizes = await buildClientKit();
const { createPersonaWidget } = (await import(new URL("../client/dist/index.js", import.meta.url).href)) as {
  createPersonaWidget(options: { baseURL: string; sessionToken: string; fetch: typeof fetch }): KitWidget;
};

const database = await startLocalDatabase();
const workers: Worker[] = [];
try {
  const edge = await startWorker(database, "bench-edge", SECRET, true);
  workers.push(edge.worker);
  const baseline = await startWorker(database, "bench-baseline", SECRET, false);
  workers.push(baseline.worker);
  const caller = await signUp(edge.origin);
  // The kit's widget on the embedding site (which the user allowed two fields), from its session token.
  const kit = createPersonaWidget({
    baseURL: edge.origin,
    sessionToken: caller.sessionToken,
    fetch: (input, init) => {
      const headers = new Headers(init?.headers);
      headers.set("origin", SITE);
      return fetch(input, { ...init, headers });
    },
  });
  // Sign-in is also limited per account (10 in 10 minutes): spread it over enough of them for the run.
  const signInAccounts: Caller[] = [];
  for (let index = 0; index < SIGN_IN_ACCOUNTS; index += 1) signInAccounts.push(await signUp(edge.origin));
  let signIns = 0;
  const nextSignIn = () => {
    const account = signInAccounts[signIns++ % signInAccounts.length] as Caller;
    return {
      headers: { "cf-connecting-ip": nextClientIp() },
      body: JSON.stringify({ email: account.email, password: account.password }),
    };
  };
  database.endpoint.setLatency(latencyMs);

  const json = { "content-type": "application/json" };
  const scenarios = (caller: Caller): Scenario[] => [
    { name: "ping", origin: edge.origin, application: edge.application, path: "/ping" },
    {
      name: "context, cookie (warm)",
      origin: edge.origin,
      application: edge.application,
      path: "/api/personalization/context",
      headers: { cookie: caller.cookie },
    },
    {
      name: "context, access token (warm)",
      origin: edge.origin,
      application: edge.application,
      path: "/api/personalization/context",
      headers: { authorization: `Bearer ${caller.accessToken}` },
    },
    {
      name: "context, embedding site's token (warm)",
      origin: edge.origin,
      application: edge.application,
      path: "/api/personalization/context",
      headers: { authorization: `Bearer ${caller.siteToken}`, origin: SITE },
    },
    {
      name: "context, baseline (edge off)",
      origin: baseline.origin,
      application: baseline.application,
      path: "/api/personalization/context",
      headers: { cookie: caller.cookie },
    },
    {
      name: "get-session, cookie (warm)",
      origin: edge.origin,
      application: edge.application,
      path: "/api/auth/get-session",
      headers: { cookie: caller.cookie },
    },
    {
      name: "profile update",
      origin: edge.origin,
      application: edge.application,
      path: "/api/user/profile",
      method: "PATCH",
      headers: { ...json, authorization: `Bearer ${caller.sessionToken}` },
      body: JSON.stringify({ software_level: "advanced" }),
    },
    {
      name: "sign-in",
      origin: edge.origin,
      application: edge.application,
      path: "/api/auth/signin",
      method: "POST",
      headers: json,
      vary: nextSignIn,
      // Each sign-in's security event is stored by the queue's consumer, seconds later.
      queuesWork: true,
    },
  ];

  // Rounds interleave the scenarios, so a noisy moment on this small machine spreads over all of them
  // instead of landing on one and skewing the ratios the targets compare.
  const samples = new Map<string, Sample[]>();
  for (let pass = 0; pass <= rounds; pass += 1) {
    for (let index = 0; index < scenarios(caller).length; index += 1) {
      // Built from freshly renewed credentials each time (see renew).
      const scenario = scenarios(await renew(edge.origin, caller))[index] as Scenario;
      // Pass 0 is a short warm-up: the isolates' first requests build Better Auth and load keys.
      const sample = await measure(scenario, database, pass === 0 ? 1 : seconds, connections);
      if (pass > 0) samples.set(scenario.name, [...(samples.get(scenario.name) ?? []), sample]);
    }
    // The client kit, as a widget uses it, and ping measured the same way (Node's fetch) as its floor: a HEAD,
    // since the kit's warm answer is a bodiless 304 and undici takes milliseconds more over a body. Its
    // token and ETag are renewed before the window, as the scenarios' credentials are: the window holds warm
    // calls only (the kit renews its token at 80% of the freshness bound, far past one window).
    kit.forget();
    await kit.getContext({ contentType: "chat" });
    const calls: [string, () => Promise<unknown>][] = [
      [FETCH_PING_SCENARIO, () => fetch(`${edge.origin}/ping`, { method: "HEAD" }).then(expectOk)],
      [KIT_SCENARIO, () => kit.getContext({ contentType: "chat" })],
    ];
    for (const [name, call] of calls) {
      const sample = await measureCalls(call, edge.application, database, pass === 0 ? 1 : seconds, connections);
      if (pass > 0) samples.set(name, [...(samples.get(name) ?? []), sample]);
    }
  }
  const results = [...samples].map(([name, taken]) => summarize(name, taken));
  // The load Workers go first: CPU is read per process, and theirs must be idle by then.
  for (const worker of workers.splice(0)) await worker.dispose();
  const passwordCpu = await measurePasswordCpu(database, SECRET, passwordSignIns);
  const interactions = await benchInteractions(database, SECRET, seconds, connections);
  const notifications = await benchNotifications(database, SECRET);
  const signInMethods = await benchSignInMethods(database, SECRET);

  const targets = benchTargets(results, interactions, notifications, signInMethods);
  const report = {
    generated_at: new Date().toISOString(),
    app_version: packageJson.version,
    machine: {
      cpus: cpus().length,
      cpu_model: cpus()[0]?.model,
      memory_gib: round(totalmem() / 2 ** 30, 1),
      node: process.version,
    },
    settings: {
      emulated_neon_round_trip_ms: latencyMs,
      connections,
      rounds,
      seconds_per_scenario_and_round: seconds,
      database: "PGlite (in memory) behind the local Neon endpoint",
    },
    scenarios: results,
    password_cpu: passwordCpu,
    interactions,
    notifications,
    sign_in_methods: signInMethods,
    client_kit: kitSizes,
    targets,
  };
  await writeFile(RESULTS, `${JSON.stringify(report, null, 2)}\n`);

  console.table(
    Object.fromEntries(
      results.map(({ name, requests_per_second, p50_ms, p95_ms, p99_ms, db_requests_per_request, non_2xx }) => [
        name,
        {
          "req/s": requests_per_second,
          "p50 ms": p50_ms,
          "p95 ms": p95_ms,
          "p99 ms": p99_ms,
          "db req/req": db_requests_per_request,
          "non-2xx": non_2xx,
        },
      ]),
    ),
  );
  console.table(Object.fromEntries(passwordCpu.map(({ stored_hash, ...measured }) => [stored_hash, measured])));
  const { plan, ...interactionFigures } = interactions;
  console.table(interactionFigures);
  console.table(notifications);
  console.table(
    Object.fromEntries(
      signInMethods.map(({ method, requests, db_requests_to_session, wall_ms_p50, warm_context_db_requests }) => [
        method,
        {
          "db req by request": requests.map((step) => step.db_requests).join(" + "),
          "db req to session": db_requests_to_session,
          "wall ms p50": wall_ms_p50,
          "warm db req (cookie, token)": `${warm_context_db_requests.cookie}, ${warm_context_db_requests.access_token}`,
        },
      ]),
    ),
  );
  console.table(Object.fromEntries(kitSizes.map(({ file, ...size }) => [file, size])));
  for (const entry of targets) console.log(`${entry.pass ? "PASS" : "FAIL"}  ${entry.target}  (${explain(entry)})`);
  console.log(`written to ${RESULTS.pathname}`);
  process.exitCode = targets.every((entry) => entry.pass) ? 0 : 1;
} finally {
  for (const worker of workers) await worker.dispose();
  await database.endpoint.close();
}
