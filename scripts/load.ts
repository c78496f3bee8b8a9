/**
 * One load measurement with autocannon, the summary of several, and the figures and targets that judge them:
 * what `npm run bench` is built from.
 */
import { setTimeout } from "node:timers/promises";
import autocannon from "autocannon";
import type { LocalDatabase } from "./neon-local/start.ts";

const SETTLE_MS = 2_000;

export interface Scenario {
  name: string;
  origin: string;
  /** The application_name in the Worker's DATABASE_URL: whose round trips the endpoint counts. */
  application: string;
  path: string;
  method?: "GET" | "POST" | "PATCH";
  headers?: Record<string, string>;
  body?: string;
  /** Per request: what changes from one to the next (another client address, another account). */
  vary?: () => { headers?: Record<string, string>; body?: string };
  /**
   * Its requests queue work the Worker's own consumer does later (a sign-in's security events): the
   * measurement waits for that to finish, so it takes no other scenario's CPU.
   */
  queuesWork?: boolean;
}

/** How long the Worker's database requests must stay still to count as done: past a queue's 5 s batch window. */
const QUIET_MS = 6_000;

/**
 * Every database request of a bench Worker: its requests' (`application`) and its queue consumers'
 * (`<application>-queue`, src/db/client.ts), for figures that count both, such as round trips per record a
 * consumer stores.
 */
export function workerRequests(database: LocalDatabase, application: string): number {
  const { byApplication } = database.endpoint.stats();
  return (byApplication[application]?.requests ?? 0) + (byApplication[`${application}-queue`]?.requests ?? 0);
}

/** Until the Worker (its requests and its queue consumers) has made no database request for QUIET_MS (a minute at most). */
async function untilQuiet(database: LocalDatabase, application: string): Promise<void> {
  const requests = () => workerRequests(database, application);
  const deadline = Date.now() + 60_000;
  let last = requests();
  let stillSince = Date.now();
  while (Date.now() - stillSince < QUIET_MS && Date.now() < deadline) {
    await setTimeout(500);
    const now = requests();
    if (now !== last) {
      last = now;
      stillSince = Date.now();
    }
  }
}

export const round = (value: number, digits = 2) => Number(value.toFixed(digits));

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

export interface Sample {
  latencies: number[];
  completed: number;
  sent: number;
  seconds: number;
  dbRequests: number;
  non2xx: number;
  errors: number;
}

function varied(vary: NonNullable<Scenario["vary"]>) {
  return (request: autocannon.Request): autocannon.Request => {
    const next = vary();
    return { ...request, headers: { ...request.headers, ...next.headers }, body: next.body ?? request.body };
  };
}

export async function measure(
  scenario: Scenario,
  database: LocalDatabase,
  duration: number,
  connections: number,
): Promise<Sample> {
  const before = database.endpoint.stats().byApplication[scenario.application]?.requests ?? 0;
  const latencies: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: `${scenario.origin}${scenario.path}`,
        method: scenario.method ?? "GET",
        headers: scenario.headers,
        body: scenario.body,
        ...(scenario.vary && { requests: [{ setupRequest: varied(scenario.vary) }] }),
        connections,
        duration,
        timeout: 10,
      },
      (error, finished) => (error ? reject(error) : resolve(finished)),
    );
    instance.on("response", (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  });
  // Requests still in flight when time ran out finish their database work after it: let them, and count
  // them as sent, or slow scenarios would show more round trips per request than they make.
  await (scenario.queuesWork ? untilQuiet(database, scenario.application) : setTimeout(SETTLE_MS));
  const after = database.endpoint.stats().byApplication[scenario.application]?.requests ?? 0;
  return {
    latencies,
    completed: result.requests.total,
    sent: result.requests.sent,
    seconds: result.duration,
    dbRequests: after - before,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

/**
 * A client call (a library's, which autocannon cannot drive) made in a loop, `connections` loops at once, for
 * `duration` seconds: the same figures as `measure`. Its harness is Node's fetch, so compare it with a call
 * measured the same way (ping through fetch), not with autocannon's.
 */
export async function measureCalls(
  call: () => Promise<unknown>,
  application: string,
  database: LocalDatabase,
  duration: number,
  connections: number,
): Promise<Sample> {
  const before = database.endpoint.stats().byApplication[application]?.requests ?? 0;
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const end = started + duration * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < end) {
        const sent = performance.now();
        try {
          await call();
          latencies.push(performance.now() - sent);
        } catch {
          errors += 1;
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await setTimeout(SETTLE_MS);
  const after = database.endpoint.stats().byApplication[application]?.requests ?? 0;
  return {
    latencies,
    completed: latencies.length,
    sent: latencies.length + errors,
    seconds,
    dbRequests: after - before,
    // A refused call throws (the kit's do on any non-2xx): counted with the errors.
    non2xx: 0,
    errors,
  };
}

export function summarize(name: string, samples: Sample[]) {
  const latencies = samples.flatMap((sample) => sample.latencies).sort((a, b) => a - b);
  const sum = (key: Exclude<keyof Sample, "latencies">) => samples.reduce((total, sample) => total + sample[key], 0);
  return {
    name,
    requests: sum("completed"),
    requests_per_second: round(sum("completed") / sum("seconds"), 1),
    p50_ms: round(percentile(latencies, 50)),
    p95_ms: round(percentile(latencies, 95)),
    p99_ms: round(percentile(latencies, 99)),
    non_2xx: sum("non2xx"),
    errors: sum("errors"),
    db_requests_per_request: sum("sent") > 0 ? round(sum("dbRequests") / sum("sent"), 3) : Number.NaN,
  };
}

/** A figure a target compares, or why there is none: then the target fails (never a division by zero). */
export type Figure = { value: number; detail?: undefined } | { value: null; detail: string };

const unmeasured = (p50s: Record<string, number>): Figure | undefined => {
  const missing = Object.keys(p50s).filter((name) => !Number.isFinite(p50s[name]));
  return missing.length > 0 ? { value: null, detail: `no p50 measured for ${missing.join(", ")}` } : undefined;
};

/** warm p50 / ping p50: how close the warm path comes to a route that does nothing. */
export function overPing(warm = Number.NaN, ping = Number.NaN): Figure {
  const missing = unmeasured({ warm, ping });
  if (missing) return missing;
  if (ping <= 0) return { value: null, detail: `ping p50 is ${ping} ms: nothing to divide by` };
  return { value: round(warm / ping, 3) };
}

/**
 * (warm p50 - ping p50) / (baseline p50 - ping p50): the share of the baseline's cost above the harness's
 * own floor (ping: loopback, wrangler, autocannon) that the warm path still pays. Negative when the warm
 * path beats ping, and reported as is; none when the baseline is not slower than ping.
 */
export function marginalCost(warm = Number.NaN, ping = Number.NaN, baseline = Number.NaN): Figure {
  const missing = unmeasured({ warm, ping, baseline });
  if (missing) return missing;
  if (baseline <= ping) {
    return {
      value: null,
      detail: `baseline p50 (${baseline} ms) is not slower than ping p50 (${ping} ms): no marginal cost to measure`,
    };
  }
  return { value: round((warm - ping) / (baseline - ping), 3) };
}

/** A target as bench/results.json holds it. */
export interface Target {
  target: string;
  /** null when there is no figure (see detail). */
  value: number | null;
  pass: boolean;
  metric: string;
  credential: string;
  /** The most the value may be. */
  limit: number;
  /** The p50s the value comes from. */
  p50_ms?: Record<string, number | undefined>;
  /** Why there is no value: the target fails. */
  detail?: string;
}

/** Passes when there is a figure and it is within the limit. */
export function judge(
  figure: Figure,
  limit: number,
  about: Pick<Target, "target" | "metric" | "credential" | "p50_ms">,
): Target {
  const { target, ...rest } = about;
  const pass = figure.value !== null && figure.value <= limit;
  return { target, value: figure.value, pass, ...rest, limit, ...(figure.detail && { detail: figure.detail }) };
}

/** What follows a target when printed: its value with the p50s it came from, or why there is none. */
export function explain({ value, p50_ms, detail }: Target): string {
  if (detail) return `none: ${detail}`;
  if (!p50_ms) return `${value}`;
  const inputs = Object.entries(p50_ms).map(([name, ms]) => `${name} ${ms}`);
  return `${value}; p50 ${inputs.join(", ")} ms`;
}
