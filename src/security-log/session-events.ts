/**
 * Reads the sessions a request started and ended as security events. Better Auth starts a session for more
 * than sign-ins (turning two-factor on replaces the caller's; the two-factor challenge starts one and ends
 * it again) and ends sessions for more than sign-outs (a password reset, a ban): only what the endpoint
 * and the request's other session facts say is a sign-in, a sign-out or a revocation becomes one. The
 * other endings are the consequence of an event recorded in its own right.
 */
import type { NotedEvent } from "./events";
import type { SecurityRecord, SessionFact } from "./request-record";

/** The sign-in method of each endpoint that signs in. */
const SIGN_IN_METHODS: Record<string, string> = {
  "/sign-in/email": "password",
  "/sign-up/email": "password",
  "/sign-in/email-otp": "email_code",
  "/magic-link/verify": "magic_link",
  "/passkey/verify-authentication": "passkey",
  "/two-factor/verify-totp": "totp",
  "/two-factor/verify-backup-code": "backup_code",
  "/callback/:id": "social",
};

/** Where only a password was checked: a session it ends at once was exchanged for a two-factor challenge. */
const CHALLENGING_PATH = "/sign-in/email";

const USER_REVOCATION_PATHS = new Set(["/revoke-session", "/revoke-sessions", "/revoke-other-sessions"]);
const ADMIN_REVOCATION_PATHS = new Set(["/admin/revoke-user-session", "/admin/revoke-user-sessions"]);

type TimedEvent = NotedEvent & { at: Date };

function signIns(record: SecurityRecord, ended: Set<string>, replaced: boolean): TimedEvent[] {
  const events: TimedEvent[] = [];
  for (const started of record.startedSessions) {
    const method = started.path ? SIGN_IN_METHODS[started.path] : undefined;
    if (!method) continue;
    const detail = started.provider ? { method, provider: started.provider } : { method };
    const { at, userId: user_id } = started;
    if (ended.has(started.token)) {
      if (started.path === CHALLENGING_PATH) events.push({ type: "sign_in_challenged", user_id, detail, at });
      continue;
    }
    // A second factor proven while signed in turns two-factor on, and replaces the caller's session.
    if (started.path?.startsWith("/two-factor/") && replaced) continue;
    events.push({ type: "sign_in", user_id, detail, at });
  }
  return events;
}

function endings(sessions: SessionFact[]): TimedEvent[] {
  const byUser = new Map<string, { fact: SessionFact; count: number }>();
  for (const fact of sessions) {
    const key = `${fact.userId} ${fact.path}`;
    const entry = byUser.get(key) ?? { fact, count: 0 };
    entry.count += 1;
    byUser.set(key, entry);
  }
  const events: TimedEvent[] = [];
  for (const { fact, count } of byUser.values()) {
    const { userId: user_id, at } = fact;
    if (fact.path === "/sign-out") events.push({ type: "signed_out", user_id, at });
    else if (fact.path && USER_REVOCATION_PATHS.has(fact.path))
      events.push({ type: "sessions_revoked", user_id, detail: { count }, at });
    else if (fact.path && ADMIN_REVOCATION_PATHS.has(fact.path))
      events.push({ type: "sessions_revoked", user_id, actor_id: fact.endedBy, detail: { count }, at });
  }
  return events;
}

/** The events of a request's session facts, given the status it answered with (a refusal signed nobody in). */
export function sessionEvents(record: SecurityRecord, status: number): TimedEvent[] {
  if (status >= 400) return [];
  const started = new Set(record.startedSessions.map(({ token }) => token));
  const ended = new Set(record.endedSessions.map(({ token }) => token));
  const endedBefore = record.endedSessions.filter(({ token }) => !started.has(token));
  return [...signIns(record, ended, endedBefore.length > 0), ...endings(endedBefore)];
}
