/**
 * Credentials this isolate has already verified (an access token, a signed cookie cache), by their exact
 * string: a widget or a browser sends the same one on every request until it is renewed, so its signature
 * is checked once. Expiry and revocation are still checked on every use.
 */
import type { CallerSession, CallerUser } from "./caller";
import { isRevoked } from "./revocations";

export interface VerifiedCaller {
  user: CallerUser;
  session: CallerSession;
}

/** How many verified credentials an isolate remembers, oldest dropped first. */
const CAPACITY = 1_000;

interface Entry {
  caller: VerifiedCaller;
  /** Epoch ms after which the credential no longer proves anything (its own expiry or its session's). */
  until: number;
}

// Isolate-wide by design: the point is to skip the signature check on the next request.
const entries = new Map<string, Entry>();

export function recall(credential: string, now = Date.now()): VerifiedCaller | null | undefined {
  const entry = entries.get(credential);
  if (!entry) return undefined;
  if (entry.until > now && !isRevoked(entry.caller.session.id, now)) return entry.caller;
  entries.delete(credential);
  return null;
}

export function remember(credential: string, caller: VerifiedCaller, until: number) {
  entries.set(credential, { caller, until: Math.min(until, caller.session.expiresAt.getTime()) });
  if (entries.size > CAPACITY) {
    const oldest = entries.keys().next().value;
    if (oldest !== undefined) entries.delete(oldest);
  }
}
