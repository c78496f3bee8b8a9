/**
 * Sessions this isolate has seen deleted (sign-out, revocation, password reset). Signed cookie caches and
 * access tokens of such a session are refused here at once; elsewhere they lapse within the freshness
 * bound, which is also how long an entry needs to live.
 */

// Isolate-wide by design: it is what "at once, at the same edge" means. Entries expire on their own.
const revoked = new Map<string, number>();

export function revokeSessions(sessionIds: Iterable<string>, forSeconds: number, now = Date.now()) {
  for (const [id, until] of revoked) if (until <= now) revoked.delete(id);
  for (const id of sessionIds) revoked.set(id, now + forSeconds * 1000);
}

export function isRevoked(sessionId: string, now = Date.now()): boolean {
  const until = revoked.get(sessionId);
  return until !== undefined && until > now;
}
