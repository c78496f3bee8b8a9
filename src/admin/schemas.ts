/** The wire contract of the admin routes of our own (Better Auth's are under /api/auth/admin). */
import { z } from "zod";
import { idParamSchema } from "../validation/id-param";

export const userIdParamSchema = idParamSchema("user");

export const accountRestoredSchema = z.object({ success: z.literal(true), user_id: z.string() });

export const apiKeyIdParamSchema = idParamSchema("API key");

/** What an API key may be allowed, each as the permissions Better Auth's API key plugin stores and checks. */
export const API_KEY_SCOPES = {
  "analytics:read": { analytics: ["read"] },
  "notifications:send": { notifications: ["send"] },
} as const satisfies Record<string, Record<string, string[]>>;

export type ApiKeyScope = keyof typeof API_KEY_SCOPES;

const scopeNames = Object.keys(API_KEY_SCOPES) as [ApiKeyScope, ...ApiKeyScope[]];

export const createApiKeyBodySchema = z.object({
  name: z
    .string({ error: "expected a name for the key, 1 to 32 characters" })
    .trim()
    .min(1, { error: "expected a name for the key, 1 to 32 characters" })
    .max(32, { error: "at most 32 characters" }),
  expires_in_days: z
    .number({ error: "expected a whole number of days from 1 to 365" })
    .int({ error: "expected a whole number of days from 1 to 365" })
    .min(1, { error: "expected a whole number of days from 1 to 365" })
    .max(365, { error: "expected a whole number of days from 1 to 365" })
    .default(90),
  permissions: z
    .array(z.enum(scopeNames, { error: `expected one of ${scopeNames.join(" | ")}` }), {
      error: `expected a list of ${scopeNames.join(", ")}`,
    })
    .min(1, { error: "expected at least one permission" })
    .default(["analytics:read"])
    .transform((scopes) => [...new Set(scopes)]),
});

export const apiKeySchema = z.object({
  id: z.string(),
  name: z.string().nullable(),
  start: z.string().nullable().describe("The key's first characters, to recognise it"),
  owner_id: z.string().describe("The admin who created it; the key goes with that account"),
  permissions: z.record(z.string(), z.array(z.string())),
  expires_at: z.iso.datetime().nullable(),
  created_at: z.iso.datetime(),
  last_used_at: z.iso.datetime().nullable(),
});

export const createdApiKeySchema = apiKeySchema.extend({
  key: z.string().describe("The key itself: shown this once, stored only as a hash"),
});

export const apiKeyListSchema = z.object({ api_keys: z.array(apiKeySchema) });
