/**
 * /api/user/consents: what each embedding site's widget may read of the caller's context. Every site starts
 * with nothing; the user allows it fields here (from the API's own site or a first-party one: a widget
 * cannot reach this route, see src/caller/middleware.ts).
 */
import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import { requireCaller } from "../caller/middleware";
import { regrantWidgets } from "../caller/revocations";
import type { ConsentField } from "../db/schema";
import type { CallerEnv } from "../env";
import { ApiError } from "../errors/api-error";
import { json, problems, sessionSecurity } from "../openapi/describe";
import { noteSecurityEvent } from "../security-log/request-record";
import { validate } from "../validation/validate";
import { listConsents, replaceConsents, type StoredConsent } from "./queries";
import { consentListSchema, type PutConsentsBody, putConsentsBodySchema } from "./schemas";

/** One entry per configured embedding site, in the configuration's order, with what the user allowed it. */
function consentList(widgetOrigins: string[], stored: StoredConsent[]) {
  const byOrigin = new Map(stored.map((row) => [row.origin, row]));
  return {
    consents: widgetOrigins.map((origin) => {
      const row = byOrigin.get(origin);
      return { origin, fields: row?.fields ?? [], updated_at: row?.updatedAt.toISOString() ?? null };
    }),
  };
}

/** The body's grants, checked against the configuration: known sites, each once, fields once each. */
function grantsOf(body: PutConsentsBody, widgetOrigins: string[]) {
  const errors = body.consents.flatMap(({ origin }, index) => {
    if (!widgetOrigins.includes(origin)) {
      return [
        {
          location: `body.consents.${index}.origin`,
          message: `expected one of ${widgetOrigins.join(", ") || "(no embedding sites are configured)"}`,
        },
      ];
    }
    if (body.consents.findIndex((other) => other.origin === origin) !== index) {
      return [{ location: `body.consents.${index}.origin`, message: "each site at most once" }];
    }
    return [];
  });
  if (errors.length > 0)
    throw new ApiError("VALIDATION_FAILED", "The consents name sites that cannot be granted.", { errors });
  return body.consents
    .map(({ origin, fields }) => ({ origin, fields: [...new Set(fields)] as ConsentField[] }))
    .filter(({ fields }) => fields.length > 0);
}

export const consentRoutes = new Hono<CallerEnv>()
  .use(requireCaller)
  .get(
    "/",
    describeRoute({
      tags: ["Consents"],
      summary: "What each embedding site may read",
      description:
        "Every configured embedding site (TRUSTED_ORIGINS that are not first-party), with the context fields its widget may read: none until the user allows them.",
      security: sessionSecurity,
      responses: { 200: json("One entry per embedding site", consentListSchema), ...problems(401, 403) },
    }),
    async (c) => c.json(consentList(c.var.config.widgetOrigins, await listConsents(c.var.db, c.var.caller.user.id))),
  )
  .put(
    "/",
    describeRoute({
      tags: ["Consents"],
      summary: "Set what each embedding site may read",
      description:
        "Replaces the whole set: a site left out, or given no fields, may read nothing. A narrowed grant holds at once on this edge (tokens minted before it read no more than the new grant) and everywhere within SESSION_FRESHNESS_SECONDS, when those tokens expire; a widened one holds from the site's next token.",
      security: sessionSecurity,
      responses: { 200: json("The consents as they now stand", consentListSchema), ...problems(400, 401, 403) },
    }),
    validate("json", putConsentsBodySchema),
    async (c) => {
      const { db, caller, config } = c.var;
      const grants = grantsOf(c.req.valid("json"), config.widgetOrigins);
      const { consents, changed } = await replaceConsents(db, caller.user.id, grants);
      const now = new Map(consents.map((row) => [row.origin, row.fields]));
      regrantWidgets(
        caller.user.id,
        new Map(changed.map((origin) => [origin, now.get(origin) ?? []])),
        config.freshnessSeconds,
      );
      if (changed.length > 0) {
        const granted = Object.fromEntries(changed.map((origin) => [origin, now.get(origin) ?? []]));
        noteSecurityEvent({ type: "consents_changed", user_id: caller.user.id, detail: { granted } });
      }
      return c.json(consentList(config.widgetOrigins, consents));
    },
  );
