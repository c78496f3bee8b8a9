/** The wire contract for the sessions and devices list. */
import { z } from "zod";
import { idParamSchema } from "../validation/id-param";

export const sessionIdParamSchema = idParamSchema("session");

export const deviceSessionSchema = z.object({
  id: z.string(),
  device: z
    .string()
    .meta({ example: "Chrome on macOS" })
    .describe("The name a mobile app gave at sign-in (device_info.name), or one read from the user agent"),
  device_info: z
    .object({ name: z.string().optional(), platform: z.string().optional(), app_version: z.string().optional() })
    .nullable()
    .describe("What a mobile app said about itself at sign-in (token_pair sign-ins)"),
  user_agent: z.string().nullable(),
  ip_address: z.string().nullable(),
  country: z.string().nullable(),
  timezone: z.string().nullable(),
  created_at: z.iso.datetime(),
  last_active_at: z.iso
    .datetime()
    .describe(
      "When the session was last extended (Better Auth refreshes it at most daily) or, for a mobile token pair, last refreshed",
    ),
  current: z.boolean(),
});

export const sessionListSchema = z.object({ sessions: z.array(deviceSessionSchema) });

export const revokedSchema = z.object({ success: z.literal(true), revoked: z.number().int() });
