/**
 * Opens the request's security record (src/security-log/request-record.ts) and, once the answer is known,
 * queues the events it gathered. Outside `databaseUsage`, so it sees the answer that goes out. After a 503
 * (a round trip failed, src/middleware/database-usage.ts) no session was handed out, so the session facts
 * say nothing, and a refusal may be the database's doing rather than a wrong credential: both are left
 * out. The changes noted after their writes succeeded stand (neon-http cannot undo them), and are kept.
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
  const noted = status === 503 ? record.events.filter(({ type }) => type !== "sign_in_failed") : record.events;
  // In the order they happened, which their ids keep for the log's readers. Within one millisecond the sort
  // (stable) leaves noted events before the sessions' (a sign-up's account before its first sign-in).
  const events = [...noted, ...sessionEvents(record, status)].sort((a, b) => a.at.getTime() - b.at.getTime());
  if (events.length === 0) return;
  const request = c.req.raw;
  const facts = {
    ip: clientIp(request.headers) ?? null,
    country: edgeLocation({ request }).country,
    device: deviceLabel(request.headers.get("user-agent")),
  };
  c.executionCtx.waitUntil(
    Promise.all(events.map((event) => eventMessage(event, facts))).then((messages) =>
      queueSecurityEvents(c.env.SECURITY_EVENTS, messages),
    ),
  );
});
