/**
 * Sends a request's security events to the security-events queue, after the answer (`waitUntil`): the
 * queue's consumer stores them, so logging adds no round trip to any request. A queue, not a write of our
 * own after the answer: it outlives the isolate, batches across requests, and retries while the database
 * is down.
 */
import { uuidFromKey, uuidV7 } from "../crypto/uuids";
import { describeError, logEvent } from "../errors/log";
import type { NotedEvent, SecurityEventMessage } from "./events";

/** What the request that saw the events tells of itself. */
export interface RequestFacts {
  ip: string | null;
  country: string | null;
  device: string;
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
