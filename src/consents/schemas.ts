/** The wire contract of consents: which context fields each embedding site may read. */
import { z } from "zod";
import { CONSENT_FIELDS } from "../db/schema/consents";

export const consentFieldSchema = z.enum(CONSENT_FIELDS, { error: `expected one of ${CONSENT_FIELDS.join(" | ")}` });

export const consentSchema = z.object({
  origin: z.string().describe("An embedding site's origin, as configured (TRUSTED_ORIGINS)"),
  fields: z.array(consentFieldSchema).describe("What its widget may read of the context; empty: nothing (the default)"),
  updated_at: z.iso.datetime().nullable().describe("When the user last changed it; null if never"),
});

export const consentListSchema = z.object({ consents: z.array(consentSchema) });

export const putConsentsBodySchema = z.object({
  consents: z
    .array(
      z.object({
        origin: z.string({ error: "expected an embedding site's origin" }).max(200),
        fields: z.array(consentFieldSchema).max(CONSENT_FIELDS.length),
      }),
    )
    .max(100)
    .describe("The whole set: a site left out, or given no fields, may read nothing"),
});

export type PutConsentsBody = z.output<typeof putConsentsBodySchema>;
