/**
 * An interaction record as it travels through the queue: complete at the edge (id, time and the profile
 * snapshot come from the caller the request already holds), so the consumer only stores it. The consumer
 * parses every message with this schema: a message the schema refuses is set apart, never the batch.
 */
import { z } from "zod";
import type { Caller } from "../caller/caller";
import { CONTENT_TYPES, PROFILE_STATES } from "../db/schema/interactions";
import { HARDWARE_BACKGROUNDS, SOFTWARE_LEVELS } from "../db/schema/profile";
import type { interactionBodySchema } from "./schemas";

export const interactionMessageSchema = z.object({
  id: z.uuid(),
  user_id: z.string().min(1).max(100),
  content_type: z.enum(CONTENT_TYPES),
  personalization_effectiveness: z.number().int().min(0).max(5).nullable(),
  metadata: z.record(z.string(), z.unknown()).nullable(),
  software_level: z.enum(SOFTWARE_LEVELS).nullable(),
  hardware_background: z.enum(HARDWARE_BACKGROUNDS).nullable(),
  profile_state: z.enum(PROFILE_STATES),
  created_at: z.iso.datetime(),
});

export type InteractionMessage = z.infer<typeof interactionMessageSchema>;

/**
 * The record for what the caller logged, with the profile in force now: archived and absent get none; an
 * embedding site's widget gives what the user allowed that site.
 */
export function interactionMessage(caller: Caller, input: z.infer<typeof interactionBodySchema>): InteractionMessage {
  const { profile, widget } = caller;
  const active = profile?.status === "active";
  const snapshot = widget
    ? {
        software_level: widget.softwareLevel,
        hardware_background: widget.hardwareBackground,
        profile_state: "withheld" as const,
      }
    : {
        software_level: active ? profile.software_level : null,
        hardware_background: active ? profile.hardware_background : null,
        profile_state: profile ? (active ? ("active" as const) : ("archived" as const)) : ("absent" as const),
      };
  return {
    id: crypto.randomUUID(),
    user_id: caller.user.id,
    content_type: input.content_type,
    personalization_effectiveness: input.personalization_effectiveness ?? null,
    metadata: input.metadata ?? null,
    ...snapshot,
    created_at: new Date().toISOString(),
  };
}
