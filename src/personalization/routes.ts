/** /api/personalization: the context a chatbot asks for, and the interactions it logs. */
import { Hono } from "hono";
import { etag } from "hono/etag";
import { describeRoute } from "hono-openapi";
import { z } from "zod";
import { requireCaller } from "../caller/middleware";
import type { CallerEnv } from "../env";
import { ApiError } from "../errors/api-error";
import { json, problems, sessionSecurity } from "../openapi/describe";
import { activeProfile } from "../profile/view";
import { validate } from "../validation/validate";
import { listInteractions, recordInteraction } from "./interactions";
import { personalizationNotes } from "./notes";
import {
  contextQuerySchema,
  contextResponseSchema,
  interactionBodySchema,
  interactionListQuerySchema,
  interactionPageSchema,
} from "./schemas";

export const personalizationRoutes = new Hono<CallerEnv>()
  .use(requireCaller)
  // The ETag is computed from the body, so a widget polling with If-None-Match gets 304 until the profile changes.
  .get(
    "/context",
    describeRoute({
      tags: ["Personalization"],
      summary: "Personalization context for a chatbot",
      description:
        "Guidance for a system prompt, composed from the active profile; neutral without one. Send If-None-Match with the last ETag to get 304 while nothing changed.",
      security: sessionSecurity,
      responses: {
        200: json("The context", contextResponseSchema),
        304: { description: "Unchanged since the ETag sent in If-None-Match" },
        ...problems(400, 401),
      },
    }),
    etag(),
    validate("query", contextQuerySchema),
    (c) => {
      const profile = activeProfile(c.var.caller.profile);
      const { content_type } = c.req.valid("query");
      c.header("cache-control", "private, no-cache");
      c.header("vary", "Authorization, Cookie");
      return c.json({
        user_context: {
          software_level: profile?.software_level ?? null,
          hardware_background: profile?.hardware_background ?? null,
          personalization_notes: personalizationNotes(profile, content_type),
        },
      });
    },
  )
  .post(
    "/interactions",
    describeRoute({
      tags: ["Personalization"],
      summary: "Log a personalized-content interaction",
      description: "The profile in force is snapshotted server-side with the record.",
      security: sessionSecurity,
      responses: { 201: json("Recorded", z.object({ id: z.uuid() })), ...problems(400, 401) },
    }),
    validate("json", interactionBodySchema),
    async (c) => {
      const id = await recordInteraction(c.var.db, c.var.caller.user.id, c.req.valid("json"));
      if (!id) throw new ApiError("UNAUTHENTICATED", "This account no longer exists.");
      return c.json({ id }, 201);
    },
  )
  .get(
    "/interactions",
    describeRoute({
      tags: ["Personalization"],
      summary: "The caller's interactions, newest first",
      security: sessionSecurity,
      responses: { 200: json("One page; pass next_cursor for the next", interactionPageSchema), ...problems(400, 401) },
    }),
    validate("query", interactionListQuerySchema),
    async (c) => c.json(await listInteractions(c.var.db, c.var.caller.user.id, c.req.valid("query"))),
  );
