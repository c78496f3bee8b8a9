/** The wire contract of push devices. */
import { z } from "zod";
import { DEVICE_PLATFORMS } from "../db/schema/devices";
import { nameSchema } from "../validation/fields";

export const devicePlatformSchema = z.enum(DEVICE_PLATFORMS, {
  error: `expected one of ${DEVICE_PLATFORMS.join(" | ")}`,
});

/** FCM registration tokens (Android, iOS through APNs, and web) are URL-safe text, about 160-250 characters. */
const pushTokenSchema = z
  .string({ error: "expected the device's FCM registration token" })
  .regex(/^[\w:.-]{16,4096}$/, { error: "expected an FCM registration token: 16-4096 letters, digits, _ : . -" });

export const registerDeviceBodySchema = z.object({
  platform: devicePlatformSchema,
  token: pushTokenSchema,
  app_version: z
    .string()
    .regex(/^[\w.+-]{1,32}$/, { error: "expected a version such as 2.4.1 (at most 32 characters)" })
    .optional(),
  device_name: nameSchema.optional(),
});

export type RegisterDeviceBody = z.output<typeof registerDeviceBodySchema>;

export const deviceIdParamSchema = z.object({ id: z.uuid({ error: "expected a device id" }) });

export const deviceSchema = z.object({
  id: z.uuid(),
  platform: devicePlatformSchema,
  token_ending: z.string().describe("The token's last 6 characters, to tell devices apart; the token is never shown"),
  app_version: z.string().nullable(),
  device_name: z.string().nullable(),
  current: z.boolean().describe("Registered by the session making this request"),
  created_at: z.iso.datetime(),
  last_seen_at: z.iso.datetime(),
});

export const deviceListSchema = z.object({ devices: z.array(deviceSchema) });

export const deviceRemovedSchema = z.object({ success: z.literal(true) });
