/**
 * Better Auth's database hooks that feed the request's security record: the sessions it starts and ends,
 * the users it creates, and the changes to a user that the log records (wired in src/auth/options.ts).
 */
import type { GenericEndpointContext } from "@better-auth/core";
import {
  claimPendingUserChanges,
  notePendingUserChanges,
  noteSecurityEvent,
  noteSessionEnded,
  noteSessionStarted,
  type PendingChange,
} from "./request-record";

type HookContext = GenericEndpointContext | null | undefined;

interface SessionRow {
  token: string;
  userId: string;
}

const SOCIAL_CALLBACK_PATH = "/callback/:id";

export function sessionStarted({ token, userId }: SessionRow, context: HookContext): void {
  const path = context?.path;
  const provider = path === SOCIAL_CALLBACK_PATH ? (context?.params as { id?: string } | undefined)?.id : undefined;
  noteSessionStarted({ token, userId, path, provider });
}

export function sessionEnded({ token, userId }: SessionRow, context: HookContext): void {
  noteSessionEnded({ token, userId, path: context?.path, endedBy: context?.context.session?.user.id });
}

export function userCreated({ id }: { id: string }, context: HookContext): void {
  noteSecurityEvent({ type: "account_created", user_id: id, detail: { via: context?.path ?? "server" } });
}

/**
 * Where an update's `email` is a new address: a change confirmed from it, one made at once (an unverified
 * account's), an admin's. Elsewhere it is the same address written again (a code verifying it).
 */
const EMAIL_CHANGE_PATHS = new Set(["/verify-email", "/change-email", "/admin/update-user"]);

/** The fields of a user update that the log records, read before the update (which names no user). */
export function userUpdating(data: Record<string, unknown>, context: HookContext): void {
  const changes: PendingChange[] = [];
  // The new address: who sees the log can tell whose it is now.
  if (typeof data.email === "string" && EMAIL_CHANGE_PATHS.has(context?.path ?? ""))
    changes.push({ type: "email_changed", detail: { email: data.email } });
  if (data.twoFactorEnabled === true) changes.push({ type: "two_factor_enabled" });
  if (data.twoFactorEnabled === false) changes.push({ type: "two_factor_disabled" });
  notePendingUserChanges(changes);
}

export function userUpdated(row: { id: string } | null | undefined): void {
  if (row) claimPendingUserChanges(row.id);
}
