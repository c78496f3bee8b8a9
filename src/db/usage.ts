/**
 * Watches every round trip the Neon driver makes during a request for two facts: whether the database was
 * unreachable, and whether it refused a sign-in (a banned or deleted account). Better Auth turns both into
 * answers of its own (a 422, a 500); this lets the app say what happened instead. It also bounds each round
 * trip in time, which the driver itself does not. The driver's fetch function is isolate-wide and Better
 * Auth's adapter holds a client of its own, so the request a round trip belongs to is found through the async
 * context: the one place the request does not travel as an argument.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { neonConfig } from "@neondatabase/serverless";

/**
 * The longest one round trip (request sent, answer read in full) may take. Neon answers in milliseconds
 * and a waking compute within a second or two; a database silent for 5 s helps no waiting client, and the
 * driver would otherwise wait forever, holding the request open. A timed-out round trip counts as the
 * database being unavailable (503 with Retry-After). `/health` has its own shorter probe (3 s).
 */
export const DATABASE_TIMEOUT_MS = 5_000;

export interface DatabaseUsage {
  /** A round trip failed to connect, timed out or got a non-400 error status: the database, not the query, failed. */
  unavailable: boolean;
  /** SQLSTATE of a Postgres error one of the round trips answered, the last one if several did. */
  sqlstate?: string;
  /**
   * Tokens of the sessions the request inserted, or sent an insert for: a sign-in that then fails for want
   * of the database never hands its session out, and src/middleware/database-usage.ts ends it again.
   */
  startedSessions: string[];
}

const storage = new AsyncLocalStorage<DatabaseUsage>();

export function trackDatabaseUsage<T>(usage: DatabaseUsage, run: () => Promise<T>): Promise<T> {
  return storage.run(usage, run);
}

/** Records, for the request under way, a session about to be inserted (see `startedSessions`). */
export function noteStartedSession(token: string): void {
  storage.getStore()?.startedSessions.push(token);
}

/**
 * Runs `work` with its round trips kept out of the request's record: for code that meets a failing
 * database on purpose and does without it, so that the request's answer stands.
 */
export function toleratingDatabaseFailure<T>(work: () => Promise<T>): Promise<T> {
  return storage.run({ unavailable: false, startedSessions: [] }, work);
}

function sqlstateOf(body: ArrayBuffer): string | undefined {
  try {
    const { code } = JSON.parse(new TextDecoder().decode(body)) as { code?: unknown };
    return typeof code === "string" ? code : undefined;
  } catch {
    return undefined;
  }
}

/** The last stretch of the timeout, which must pass with the isolate free before a round trip is given up. */
const CONFIRM_MS = 200;

/**
 * Calls `expire` once `ms` have passed and the isolate was free for the last CONFIRM_MS of them. A timer is
 * late when the isolate is busy (other requests hashing passwords, say), and an answer that arrived in time
 * may then still be queued behind that work: the confirmation is repeated until it runs on time, so only a
 * silent database times out, not a busy isolate. Returns the cancel function.
 */
function deadline(ms: number, expire: () => void): () => void {
  let timer: ReturnType<typeof setTimeout>;
  const confirm = () => {
    const from = Date.now();
    timer = setTimeout(() => (Date.now() - from > CONFIRM_MS * 1.5 ? confirm() : expire()), CONFIRM_MS);
  };
  timer = setTimeout(confirm, ms - CONFIRM_MS);
  return () => clearTimeout(timer);
}

/** `fetch`, bounded by DATABASE_TIMEOUT_MS including the body, which is read here and handed on whole. */
async function fetchWithin(input: RequestInfo | URL, init: RequestInit | undefined) {
  const timeout = new AbortController();
  const cancel = deadline(DATABASE_TIMEOUT_MS, () =>
    timeout.abort(new DOMException(`no answer within ${DATABASE_TIMEOUT_MS} ms`, "TimeoutError")),
  );
  const signal = init?.signal ? AbortSignal.any([init.signal, timeout.signal]) : timeout.signal;
  try {
    const response = await fetch(input, { ...init, signal });
    // A database can stall in the middle of an answer as well as before it.
    return { response, body: await response.arrayBuffer() };
  } finally {
    cancel();
  }
}

// neonConfig is isolate-wide; the request a round trip belongs to comes from the async context.
neonConfig.fetchFunction = async (input: RequestInfo | URL, init?: RequestInit) => {
  const usage = storage.getStore();
  try {
    const { response, body } = await fetchWithin(input, init);
    // 400 carries a Postgres error for the query; any other failure status is Neon's own.
    if (usage && !response.ok && response.status !== 400) usage.unavailable = true;
    if (usage && response.status === 400) usage.sqlstate = sqlstateOf(body);
    const { status, statusText, headers } = response;
    return new Response(body, { status, statusText, headers });
  } catch (error) {
    if (usage) usage.unavailable = true;
    throw error;
  }
};
