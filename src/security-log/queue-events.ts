/**
 * Sends a request's security events to the security-events queue, after the answer (`waitUntil`): the
 * queue's consumer stores them, so logging adds no round trip to any request. A queue, not a write of our
 * own after the answer: it outlives the isolate, batches across requests, and retries while the database
 * is down.
 */
import { uuidV7 } from "../crypto/uuid-v7";
import { describeError, logEvent } from "../errors/log";
import type { NotedEvent, SecurityEventMessage } from "./events";

/** What the request that saw the events tells of itself. */
export interface RequestFacts {
  ip: string | null;
  country: string | null;
  device: string;
}

/** A uuid (version 8: our own layout) from a key: the same key, the same id, so the store keeps one event. */
async function uuidFromKey(key: string): Promise<string> {
  const bytes = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(key))).slice(0, 16);
  bytes[6] = 0x80 | ((bytes[6] ?? 0) & 0x0f);
  bytes[8] = 0x80 | ((bytes[8] ?? 0) & 0x3f);
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export async function eventMessage(
  event: NotedEvent & { at: Date },
  facts: RequestFacts,
): Promise<SecurityEventMessage> {
  const { type, at, actor_id, detail, once } = event;
  return {
    id: once ? await uuidFromKey(once) : uuidV7(at.getTime()),
    type,
    occurred_at: at.toISOString(),
    ...("user_id" in event ? { user_id: event.user_id } : {}),
    ...("email" in event ? { email: event.email } : {}),
    ...(actor_id ? { actor_id } : {}),
    ...facts,
    detail: detail ?? {},
  };
}

export async function queueSecurityEvents(
  queue: Queue<SecurityEventMessage>,
  messages: SecurityEventMessage[],
): Promise<void> {
  try {
    await queue.sendBatch(messages.map((body) => ({ body, contentType: "json" as const })));
  } catch (error) {
    // The request's answer stands; the events are lost, and the log line says how many and which kinds.
    logEvent("error", {
      source: "security-log",
      message: "events not queued",
      types: messages.map(({ type }) => type),
      error: describeError(error),
    });
  }
}
