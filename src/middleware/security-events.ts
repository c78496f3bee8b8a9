/**
 * Opens the request's security record (src/security-log/request-record.ts) and, once the answer is known,
 * queues the events it gathered. Outermost but for the request id, so it sees the answer that goes out: a
 * 503 rolled the request back (src/middleware/database-usage.ts), and records nothing.
 */
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../env";
import { clientIp } from "../request/client-ip";
import { eventMessage, queueSecurityEvents } from "../security-log/queue-events";
import { newSecurityRecord, recordingSecurityEvents } from "../security-log/request-record";
import { sessionEvents } from "../security-log/session-events";
import { deviceLabel } from "../sessions/device-label";
import { edgeLocation } from "../sessions/edge-location";

export const securityEvents = createMiddleware<AppEnv>(async (c, next) => {
  const record = newSecurityRecord();
  await recordingSecurityEvents(record, next);
  const status = c.res.status;
  if (status === 503) return;
  // In the order they happened, which their ids keep for the log's readers. Within one millisecond the sort
  // (stable) leaves noted events before the sessions' (a sign-up's account before its first sign-in).
  const events = [...record.events, ...sessionEvents(record, status)].sort((a, b) => a.at.getTime() - b.at.getTime());
  if (events.length === 0) return;
  const request = c.req.raw;
  const facts = {
    ip: clientIp(request.headers) ?? null,
    country: edgeLocation({ request }).country,
    device: deviceLabel(request.headers.get("user-agent")),
  };
  c.executionCtx.waitUntil(
    queueSecurityEvents(
      c.env.SECURITY_EVENTS,
      events.map((event) => eventMessage(event, facts)),
    ),
  );
});
