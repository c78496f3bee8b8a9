/** The wire contract of the security log: a page of events, newest first, for the user and for admins. */
import { z } from "zod";
import { pageQuerySchema } from "../validation/page-cursor";
import { SECURITY_EVENT_TYPES } from "./events";

export const securityLogQuerySchema = pageQuerySchema.extend({
  type: z
    .enum(SECURITY_EVENT_TYPES, { error: `expected one of ${SECURITY_EVENT_TYPES.join(" | ")}` })
    .optional()
    .describe("Only events of this type"),
});

const eventFields = {
  id: z.uuid(),
  type: z.enum(SECURITY_EVENT_TYPES),
  occurred_at: z.iso.datetime(),
  ip: z.string().nullable().describe("The client's address as Cloudflare's edge saw it"),
  country: z.string().nullable().describe("ISO 3166-1 alpha-2, from Cloudflare's edge"),
  device: z.string().describe('From the user agent: "Chrome on macOS"'),
  detail: z
    .record(z.string(), z.unknown())
    .describe(
      "By type: `method` of a sign-in, `reason` of a failure, `granted` of a consent change, `count` of a revocation",
    ),
};

export const ownSecurityEventSchema = z.object({
  ...eventFields,
  by_admin: z.boolean().describe("An admin did it (a ban, a restore), not the user"),
});

export const adminSecurityEventSchema = z.object({
  ...eventFields,
  actor_id: z.string().nullable().describe("The admin who did it; null when the user did"),
});

export const ownSecurityLogSchema = z.object({
  items: z.array(ownSecurityEventSchema),
  next_cursor: z.string().nullable(),
});

export const adminSecurityLogSchema = z.object({
  items: z.array(adminSecurityEventSchema),
  next_cursor: z.string().nullable(),
});
