/**
 * /api/admin/analytics: how interactions went, from the daily totals, for the people who tune the
 * personalization notes (admins) and for backend services (an API key with the analytics permission).
 */
import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import { type ActorEnv, adminOrApiKeySecurity, requireAdminOrApiKey } from "../admin/admin-or-api-key";
import { json, problems } from "../openapi/describe";
import { validate } from "../validation/validate";
import { presenceByGroup } from "./presence";
import { groupedTotals, totals } from "./queries";
import {
  analyticsQuerySchema,
  effectivenessResponseSchema,
  type GroupDimension,
  profilePresenceResponseSchema,
} from "./schemas";

const QUERY_DESCRIPTION =
  "`from` and `to` are UTC days, both included (default: the 30 days up to today); `group_by` is a comma-separated " +
  "list of content_type, software_level, hardware_background, profile_state; `interval=day` adds a series by day.";

export const analyticsRoutes = new Hono<ActorEnv>()
  .use(requireAdminOrApiKey("analytics:read", "read analytics"))
  .get(
    "/effectiveness",
    describeRoute({
      tags: ["Analytics"],
      summary: "Personalization effectiveness by group",
      description: `Count, rated count, mean effectiveness and the distribution over 0..5, per group. ${QUERY_DESCRIPTION}`,
      security: adminOrApiKeySecurity,
      responses: { 200: json("Totals per group", effectivenessResponseSchema), ...problems(400, 401, 403) },
    }),
    validate("query", analyticsQuerySchema),
    async (c) => {
      const query = c.req.valid("query");
      const [rows] = await Promise.all([groupedTotals(c.var.db, query, query.group_by), c.var.actor]);
      return c.json({
        from: query.from,
        to: query.to,
        group_by: query.group_by,
        interval: query.interval ?? null,
        groups: rows.map(({ count, rated, sum, distribution, ...key }) => ({
          ...key,
          ...totals([{ count, rated, sum, distribution }]),
        })),
      });
    },
  )
  .get(
    "/profile-presence",
    describeRoute({
      tags: ["Analytics"],
      summary: "Personalized against neutral context, by group",
      description:
        "Per group, the interactions that got personalized notes (active profile) against those that got the neutral " +
        `context (profile archived or absent), and the difference of their mean effectiveness. ${QUERY_DESCRIPTION} ` +
        "(profile_state is what this compares, so it is not a group here).",
      security: adminOrApiKeySecurity,
      responses: { 200: json("Totals per group", profilePresenceResponseSchema), ...problems(400, 401, 403) },
    }),
    validate("query", analyticsQuerySchema),
    async (c) => {
      const query = c.req.valid("query");
      const dimensions = query.group_by.filter(
        (name): name is Exclude<GroupDimension, "profile_state"> => name !== "profile_state",
      );
      const [rows] = await Promise.all([groupedTotals(c.var.db, query, [...dimensions, "profile_state"]), c.var.actor]);
      return c.json({
        from: query.from,
        to: query.to,
        group_by: dimensions,
        interval: query.interval ?? null,
        groups: presenceByGroup(rows, query.interval === "day" ? [...dimensions, "day"] : dimensions),
      });
    },
  );
