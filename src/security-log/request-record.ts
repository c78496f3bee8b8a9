/**
 * What a request did that the security log records, gathered while it runs. Better Auth's hooks report
 * the sessions it starts and ends, and the changes to a user it makes; they run deep inside its endpoints,
 * so the record is found through the async context, as the request's database usage is (src/db/usage.ts).
 * src/middleware/security-events.ts opens the record and, once the answer is known, queues its events.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { NotedEvent, SecurityEventType } from "./events";

export interface SessionFact {
  at: Date;
  token: string;
  userId: string;
  /** The Better Auth endpoint that started or ended it (`/sign-in/email`, `/callback/:id`). */
  path?: string;
  /** The provider of a social sign-in's callback. */
  provider?: string;
  /** Who was signed in on the request that ended it (an admin, for `/admin/revoke-user-session`). */
  endedBy?: string;
}

export interface PendingChange {
  type: SecurityEventType;
  detail?: Record<string, unknown>;
}

export interface SecurityRecord {
  events: (NotedEvent & { at: Date })[];
  startedSessions: SessionFact[];
  endedSessions: SessionFact[];
  /** Changes a user update is about to make, claimed by its after hook, which knows the user. */
  pendingUserChanges: PendingChange[];
}

const storage = new AsyncLocalStorage<SecurityRecord>();

export function newSecurityRecord(): SecurityRecord {
  return { events: [], startedSessions: [], endedSessions: [], pendingUserChanges: [] };
}

export function recordingSecurityEvents<T>(record: SecurityRecord, run: () => Promise<T>): Promise<T> {
  return storage.run(record, run);
}

/** Notes an event of the request under way (none outside a request: queue consumers, the Cron Trigger). */
export function noteSecurityEvent(event: NotedEvent): void {
  storage.getStore()?.events.push({ ...event, at: new Date() });
}

export function noteSessionStarted(fact: Omit<SessionFact, "at">): void {
  storage.getStore()?.startedSessions.push({ ...fact, at: new Date() });
}

export function noteSessionEnded(fact: Omit<SessionFact, "at">): void {
  storage.getStore()?.endedSessions.push({ ...fact, at: new Date() });
}

export function notePendingUserChanges(changes: PendingChange[]): void {
  storage.getStore()?.pendingUserChanges.push(...changes);
}

/** The changes noted before a user update, now that it is done and whose it was is known. */
export function claimPendingUserChanges(userId: string): void {
  const record = storage.getStore();
  if (!record) return;
  for (const change of record.pendingUserChanges.splice(0)) noteSecurityEvent({ ...change, user_id: userId });
}
