/** The wire contract of notifications: sending (admins, services), the inbox (users), and delivery status. */
import { z } from "zod";
import { DELIVERY_STATUSES } from "../db/schema/notifications";
import { hardwareBackgroundSchema, softwareLevelSchema } from "../profile/schemas";
import { pageQuerySchema } from "../validation/page-cursor";
import { isStorableText, UNSTORABLE_MESSAGE } from "../validation/storable-text";

/** Users one request may name; larger audiences are segments. */
export const MAX_LISTED_USERS = 1000;
/** FCM refuses a push whose payload passes 4,096 bytes; title, body and data must fit with our own keys. */
const MAX_PAYLOAD_BYTES = 3500;
/** FCM reserves these data keys; `notification_id` and `event` are ours, added to every push. */
const RESERVED_DATA_KEY = /^(from|notification|message_type|notification_id|event|google.*|gcm.*)$/i;
const CONTROL_EXCEPT_NEWLINE = /(?!\n)\p{Cc}/u;

const utf8Bytes = (value: string) => new TextEncoder().encode(value).length;

function text(what: string, max: number) {
  return z
    .string({ error: `expected ${what}` })
    .trim()
    .min(1, { error: "must not be empty" })
    .max(max, { error: `at most ${max} characters` })
    .refine(isStorableText, { error: UNSTORABLE_MESSAGE })
    .refine((value) => !CONTROL_EXCEPT_NEWLINE.test(value), { error: "must not contain control characters" });
}

const userIdSchema = z.string().regex(/^[\w-]{1,128}$/, { error: "expected a user id" });

export const sendNotificationBodySchema = z
  .object({
    user_ids: z
      .array(userIdSchema, { error: `expected a list of 1 to ${MAX_LISTED_USERS} user ids` })
      .min(1, { error: `expected a list of 1 to ${MAX_LISTED_USERS} user ids` })
      .max(MAX_LISTED_USERS, { error: `at most ${MAX_LISTED_USERS} user ids; send larger audiences as a segment` })
      .transform((ids) => [...new Set(ids)])
      .optional(),
    segment: z
      .object(
        { software_level: softwareLevelSchema.optional(), hardware_background: hardwareBackgroundSchema.optional() },
        { error: "expected {software_level?, hardware_background?}" },
      )
      .optional(),
    event: z
      .string({ error: "expected an event name" })
      .regex(/^[a-z][a-z0-9_.:-]{0,63}$/, { error: "expected an event name: lower case, 1-64 of a-z 0-9 _ . : -" }),
    title: text("a title", 100),
    body: text("a body", 1000),
    data: z
      .record(
        z.string().regex(/^[A-Za-z][\w.-]{0,63}$/, { error: "keys: 1-64 letters, digits, _ . - from a letter" }),
        z
          .string({ error: "values must be strings (FCM's data payload)" })
          .max(1024, { error: "at most 1024 characters" }),
        { error: "expected an object of string values" },
      )
      .refine((data) => Object.keys(data).length <= 20, { error: "at most 20 keys" })
      .refine((data) => !Object.keys(data).some((key) => RESERVED_DATA_KEY.test(key)), {
        error: "keys from, notification, message_type, notification_id, event, google* and gcm* are reserved",
      })
      .refine((data) => Object.values(data).every(isStorableText), { error: UNSTORABLE_MESSAGE })
      .optional(),
  })
  .refine((body) => (body.user_ids === undefined) !== (body.segment === undefined), {
    error: "send either user_ids or segment",
    path: ["user_ids"],
  })
  .refine(
    (body) =>
      utf8Bytes(body.title) + utf8Bytes(body.body) + utf8Bytes(JSON.stringify(body.data ?? {})) <= MAX_PAYLOAD_BYTES,
    {
      error: `title, body and data together must fit in ${MAX_PAYLOAD_BYTES} bytes (FCM's limit, with its own fields)`,
      path: ["body"],
    },
  );

export type SendNotificationBody = z.output<typeof sendNotificationBodySchema>;

export const notificationAcceptedSchema = z.object({ id: z.uuid() });

export const notificationIdParamSchema = z.object({ id: z.uuid({ error: "expected a notification id" }) });

export const notificationStatusSchema = z.object({
  id: z.uuid(),
  event: z.string(),
  title: z.string(),
  audience: z.enum(["users", "segment"]),
  recipients: z.number().int().describe("Users reached so far"),
  fanned_out: z.boolean().describe("Every user of the audience has it in their inbox"),
  deliveries: z.record(z.enum(DELIVERY_STATUSES), z.number().int()).describe("Pushes per device, by status"),
  created_at: z.iso.datetime(),
});

export const inboxQuerySchema = pageQuerySchema.extend({
  unread: z.enum(["true", "false"], { error: 'expected "true" or "false"' }).optional(),
});

export const inboxEntrySchema = z.object({
  id: z.uuid(),
  event: z.string(),
  title: z.string(),
  body: z.string(),
  data: z.record(z.string(), z.string()).nullable(),
  created_at: z.iso.datetime(),
  read_at: z.iso.datetime().nullable(),
});

export const inboxPageSchema = z.object({ items: z.array(inboxEntrySchema), next_cursor: z.string().nullable() });

export const unreadCountSchema = z.object({ unread: z.number().int() });

export const markedReadSchema = z.object({ success: z.literal(true), marked: z.number().int() });
