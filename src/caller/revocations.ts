/**
 * Sessions this isolate has seen deleted (sign-out, revocation, password reset), and consents it has seen
 * changed. Signed cookie caches and access tokens of such a session are refused here at once, and a
 * widget's token reads no more than the site's new grant; elsewhere both lapse within the freshness bound,
 * which is also how long an entry needs to live.
 */
import type { ConsentField } from "../db/schema/consents";

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

const grants = new Map<string, { fields: ConsentField[]; until: number }>();
const grantKey = (userId: string, origin: string) => `${userId} ${origin}`;

/** Records the user's new grants (`[]`: none) for the sites whose consent just changed. */
export function regrantWidgets(
  userId: string,
  changed: Map<string, ConsentField[]>,
  forSeconds: number,
  now = Date.now(),
) {
  for (const [key, { until }] of grants) if (until <= now) grants.delete(key);
  for (const [origin, fields] of changed)
    grants.set(grantKey(userId, origin), { fields, until: now + forSeconds * 1000 });
}

/**
 * What a widget token minted earlier may still read here: its fields, narrowed to the grant this isolate
 * saw the user make since. A later token already holds no more than that grant, so narrowing it is harmless.
 */
export function grantedHere(userId: string, origin: string, fields: ConsentField[], now = Date.now()): ConsentField[] {
  const grant = grants.get(grantKey(userId, origin));
  if (!grant || grant.until <= now) return fields;
  return fields.filter((field) => grant.fields.includes(field));
}
