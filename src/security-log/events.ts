/**
 * What the security log records, and the message that carries one event from the request that saw it to
 * the queue's consumer. The consumer resolves whose event it is when the request could not: a failed or
 * rate-limited sign-in names an email (looked up in one statement for the batch, off the request).
 */
import { z } from "zod";

export const SECURITY_EVENT_TYPES = [
  "account_created",
  "sign_in",
  /** The password was right and a second factor was asked for. */
  "sign_in_challenged",
  "sign_in_failed",
  "sign_in_rate_limited",
  "signed_out",
  "sessions_revoked",
  "password_changed",
  "password_reset",
  "email_changed",
  "two_factor_enabled",
  "two_factor_disabled",
  "backup_codes_regenerated",
  "passkey_added",
  "passkey_removed",
  "banned",
  "unbanned",
  "role_changed",
  "impersonated",
  "restored",
  "account_deleted",
  "consents_changed",
  "data_exported",
] as const;
export type SecurityEventType = (typeof SECURITY_EVENT_TYPES)[number];

/** Whose event it is: known, or to be found by the consumer. */
export type Subject = { user_id: string } | { email: string };

/** An event as code notes it during a request; the request's own facts (time, IP, device) are added later. */
export type NotedEvent = Subject & {
  type: SecurityEventType;
  /** The admin who did it, when one did. */
  actor_id?: string;
  detail?: Record<string, unknown>;
  /** Events noted under the same key are stored once (the id is made from it): repeats that would flood the log. */
  once?: string;
};

export const securityEventMessageSchema = z.object({
  id: z.uuid(),
  type: z.enum(SECURITY_EVENT_TYPES),
  occurred_at: z.iso.datetime(),
  user_id: z.string().min(1).optional(),
  email: z.string().min(1).optional(),
  actor_id: z.string().min(1).optional(),
  ip: z.string().nullable(),
  country: z.string().nullable(),
  device: z.string(),
  detail: z.record(z.string(), z.unknown()),
});
export type SecurityEventMessage = z.infer<typeof securityEventMessageSchema>;
