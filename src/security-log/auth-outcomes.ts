/**
 * Part of Better Auth's after hook: the outcomes of its endpoints that the security log records and no
 * database hook sees. Failed sign-ins (the account named by the email, or by the two-factor challenge),
 * the caller's own credential changes, and admin actions with the admin as actor.
 */
import type { HookEndpointContext } from "@better-auth/core";
import { isAPIError } from "better-auth/api";
import type { SecurityEventType } from "./events";
import { noteSecurityEvent } from "./request-record";

const PASSWORD_STEPS: Record<string, string> = {
  "/sign-in/email": "password",
  "/sign-in/email-otp": "email_code",
};

const SECOND_FACTOR_STEPS: Record<string, string> = {
  "/two-factor/verify-totp": "totp",
  "/two-factor/verify-backup-code": "backup_code",
};

/** Changes callers make to their own credentials, with the session they are signed in with. */
const OWN_CHANGES: Record<string, SecurityEventType> = {
  "/change-password": "password_changed",
  "/two-factor/generate-backup-codes": "backup_codes_regenerated",
  "/passkey/verify-registration": "passkey_added",
  "/passkey/delete-passkey": "passkey_removed",
};

/** Admin endpoints that act on the user named by the body's `userId`. */
const ADMIN_ACTIONS: Record<string, SecurityEventType> = {
  "/admin/ban-user": "banned",
  "/admin/unban-user": "unbanned",
  "/admin/set-role": "role_changed",
  "/admin/impersonate-user": "impersonated",
  "/admin/set-user-password": "password_changed",
};

const TWO_FACTOR_COOKIE = "two_factor";

function bodyField(ctx: HookEndpointContext, field: string): string | undefined {
  const value = (ctx.body as Record<string, unknown> | undefined)?.[field];
  return typeof value === "string" && value.length > 0 ? value : undefined;
}

async function noteFailure(ctx: HookEndpointContext, path: string, reason: string | undefined): Promise<void> {
  const passwordStep = PASSWORD_STEPS[path];
  const email = bodyField(ctx, "email");
  if (passwordStep && email) {
    noteSecurityEvent({ type: "sign_in_failed", email, detail: { method: passwordStep, reason } });
    return;
  }
  const secondFactor = SECOND_FACTOR_STEPS[path];
  if (!secondFactor || ctx.context.session || !ctx.getSignedCookie) return;
  // Whose challenge it was is in the verification row the signed cookie names, read now (one round trip, on
  // failure only): the next success, or the attempt that locks the challenge, deletes the row.
  const challenge = await ctx.getSignedCookie(ctx.context.createAuthCookie(TWO_FACTOR_COOKIE).name, ctx.context.secret);
  if (!challenge) return;
  // A database that fails here has failed the request already (it answers 503): the event goes unrecorded.
  const row = await ctx.context.internalAdapter.findVerificationValue(challenge).catch(() => null);
  if (row) noteSecurityEvent({ type: "sign_in_failed", user_id: row.value, detail: { method: secondFactor, reason } });
}

export async function noteAuthOutcome(ctx: HookEndpointContext): Promise<void> {
  const path = ctx.path;
  if (!path) return;
  const returned = ctx.context.returned;
  if (isAPIError(returned)) {
    const code = (returned.body as { code?: unknown } | undefined)?.code;
    return noteFailure(ctx, path, typeof code === "string" ? code : returned.status.toString());
  }
  const caller = ctx.context.session?.user.id;
  const own = OWN_CHANGES[path];
  if (own && caller) noteSecurityEvent({ type: own, user_id: caller });
  const action = ADMIN_ACTIONS[path];
  const target = bodyField(ctx, "userId");
  if (action && caller && target) {
    const detail = action === "role_changed" ? { role: (ctx.body as { role?: unknown }).role } : undefined;
    noteSecurityEvent({ type: action, user_id: target, actor_id: caller, detail });
  }
}
