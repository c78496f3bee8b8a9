/** Calls the Worker under test the way vitest-pool-workers 0.13+ documents: its own default export, in workerd. */
import {
  createExecutionContext,
  createMessageBatch,
  createScheduledController,
  getQueueResult,
  waitOnExecutionContext,
} from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import worker from "../../src";

/** BETTER_AUTH_URL from wrangler.toml: requests come to the API's own origin. */
export const ORIGIN = "http://localhost:8787";

export function callWorker(path: string, init?: RequestInit): Promise<Response> {
  return exports.default.fetch(new Request(`${ORIGIN}${path}`, init));
}

/**
 * Calls the same Worker module with other bindings (an unreachable database, a missing secret): the real
 * fetch handler, only its env differs.
 */
export async function callWorkerWithEnv(
  overrides: Partial<Record<keyof Env, unknown>>,
  path: string,
  init?: RequestInit,
) {
  const ctx = createExecutionContext();
  const response = await worker.fetch(new Request(`${ORIGIN}${path}`, init), { ...env, ...overrides } as Env, ctx);
  await waitOnExecutionContext(ctx);
  return response;
}

/** Runs the Worker's Cron Trigger as if scheduled at `scheduledTime`, with optional other bindings. */
export async function runScheduled(scheduledTime: Date, overrides: Partial<Record<keyof Env, unknown>> = {}) {
  const controller = createScheduledController({ scheduledTime, cron: "30 3 * * *" });
  await worker.scheduled(controller, { ...env, ...overrides } as Env);
}

/**
 * Hands the Worker's queue handler a batch as Cloudflare would deliver it from `queue`, with optional
 * other bindings; returns which messages it acknowledged and which it asked to have retried.
 */
export async function runQueue<Body>(
  queue: string,
  bodies: Body[],
  overrides: Partial<Record<keyof Env, unknown>> = {},
  attempts = 1,
) {
  const batch = createMessageBatch<Body>(
    queue,
    bodies.map((body) => ({ id: crypto.randomUUID(), timestamp: new Date(), attempts, body })),
  );
  const ctx = createExecutionContext();
  await worker.queue(batch as MessageBatch<unknown>, { ...env, ...overrides } as Env);
  return { batch, result: await getQueueResult(batch, ctx) };
}
