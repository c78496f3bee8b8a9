/**
 * Credentials this isolate has already verified (an access token, a signed cookie cache), by their exact
 * string: a widget or a browser sends the same one on every request until it is renewed, so its signature
 * is checked once. Expiry is still checked on every use, revocation by the caller middleware.
 */
import type { Caller } from "./caller";

/** How many verified credentials an isolate remembers, oldest dropped first. */
const CAPACITY = 1_000;

interface Entry {
  caller: Caller;
  /** Epoch ms after which the credential no longer proves anything (its own expiry or its session's). */
  until: number;
}

// Isolate-wide by design: the point is to skip the signature check on the next request.
const entries = new Map<string, Entry>();

/** The caller a credential proved, null once it has expired, undefined when it was never verified here. */
export function recall(credential: string, now = Date.now()): Caller | null | undefined {
  const entry = entries.get(credential);
  if (!entry) return undefined;
  if (entry.until > now) return entry.caller;
  entries.delete(credential);
  return null;
}

export function remember(credential: string, caller: Caller, until: number) {
  entries.set(credential, { caller, until: Math.min(until, caller.session.expiresAt.getTime()) });
  if (entries.size > CAPACITY) {
    const oldest = entries.keys().next().value;
    if (oldest !== undefined) entries.delete(oldest);
  }
}
