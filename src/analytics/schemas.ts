/** The wire contract of the interaction analytics: which days, how grouped, and the totals per group. */
import { z } from "zod";
import { CONTENT_TYPES, PROFILE_STATES } from "../db/schema/interactions";
import { HARDWARE_BACKGROUNDS, SOFTWARE_LEVELS } from "../db/schema/profile";
import { commaSeparatedSchema } from "../validation/fields";

export const GROUP_DIMENSIONS = ["content_type", "software_level", "hardware_background", "profile_state"] as const;
export type GroupDimension = (typeof GROUP_DIMENSIONS)[number];

/** Longest period one query may cover: ten years of daily totals. */
const MAX_DAYS = 3660;
const DAY_MS = 86_400_000;

const day = z.iso.date({ error: "expected a date, YYYY-MM-DD" });
const today = () => new Date().toISOString().slice(0, 10);
const daysBefore = (date: string, days: number) =>
  new Date(Date.parse(date) - days * DAY_MS).toISOString().slice(0, 10);

export const analyticsQuerySchema = z
  .object({
    from: day.optional(),
    to: day.optional(),
    group_by: commaSeparatedSchema.pipe(
      z
        .array(z.string())
        .refine((names) => names.every((name) => (GROUP_DIMENSIONS as readonly string[]).includes(name)), {
          error: `expected a comma-separated list of ${GROUP_DIMENSIONS.join(", ")}`,
        })
        .refine((names) => new Set(names).size === names.length, { error: "names a dimension twice" })
        .transform((names) => names as GroupDimension[]),
    ),
    interval: z.enum(["day"], { error: 'expected "day", or nothing for totals over the period' }).optional(),
  })
  .transform(({ from, to, ...rest }) => {
    const until = to ?? today();
    return { from: from ?? daysBefore(until, 29), to: until, ...rest };
  })
  .refine(({ from, to }) => from <= to, { error: "must not be after `to`", path: ["from"] })
  .refine(({ from, to }) => (Date.parse(to) - Date.parse(from)) / DAY_MS < MAX_DAYS, {
    error: `the period may cover at most ${MAX_DAYS} days`,
    path: ["from"],
  });

export type AnalyticsQuery = z.output<typeof analyticsQuerySchema>;

const distributionSchema = z
  .object({
    0: z.number().int(),
    1: z.number().int(),
    2: z.number().int(),
    3: z.number().int(),
    4: z.number().int(),
    5: z.number().int(),
  })
  .describe("How many interactions were rated 0, 1, … 5");

const totalsSchema = z.object({
  count: z.number().int(),
  rated: z.number().int().describe("Interactions that carried personalization_effectiveness"),
  mean_effectiveness: z.number().nullable().describe("Mean of the ratings; null when none was rated"),
  distribution: distributionSchema,
});

export type Totals = z.infer<typeof totalsSchema>;

const groupKeySchema = z.object({
  day: z.iso.date().optional().describe("With interval=day"),
  content_type: z.enum(CONTENT_TYPES).optional(),
  software_level: z.enum(SOFTWARE_LEVELS).nullable().optional(),
  hardware_background: z.enum(HARDWARE_BACKGROUNDS).nullable().optional(),
  profile_state: z.enum(PROFILE_STATES).optional(),
});

export const effectivenessResponseSchema = z.object({
  from: z.iso.date(),
  to: z.iso.date(),
  group_by: z.array(z.enum(GROUP_DIMENSIONS)),
  interval: z.enum(["day"]).nullable(),
  groups: z.array(groupKeySchema.extend(totalsSchema.shape)),
});

export const profilePresenceResponseSchema = z.object({
  from: z.iso.date(),
  to: z.iso.date(),
  group_by: z.array(z.enum(GROUP_DIMENSIONS)),
  interval: z.enum(["day"]).nullable(),
  groups: z.array(
    groupKeySchema.omit({ profile_state: true }).extend({
      personalized: totalsSchema.describe("The profile was active: personalized notes were given"),
      neutral: totalsSchema.describe("The profile was archived or absent: the neutral context was given"),
      archived: totalsSchema,
      absent: totalsSchema,
      share_neutral: z.number().nullable().describe("Share of interactions that got the neutral context"),
      mean_difference: z
        .number()
        .nullable()
        .describe("Mean effectiveness personalized minus neutral; null unless both were rated"),
    }),
  ),
});
