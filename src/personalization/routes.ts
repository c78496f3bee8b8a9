/** /api/personalization: the context a chatbot asks for, and the interactions it logs. */
import { Hono } from "hono";
import { etag } from "hono/etag";
import { describeRoute } from "hono-openapi";
import { requireCaller } from "../caller/middleware";
import type { CallerEnv } from "../env";
import { json, problems, sessionSecurity } from "../openapi/describe";
import { pageQuerySchema } from "../validation/page-cursor";
import { validate } from "../validation/validate";
import { userContext } from "./context";
import { interactionMessage } from "./interaction-message";
import { enqueueInteraction } from "./interaction-queue";
import { listInteractions } from "./interactions";
import {
  contextQuerySchema,
  contextResponseSchema,
  interactionAcceptedSchema,
  interactionBodySchema,
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
        "Guidance for a system prompt, composed from the active profile; neutral without one. Send If-None-Match with the last ETag to get 304 while nothing changed. An embedding site's widget, with a token minted for its origin, gets only the fields the user allowed that site (GET/PUT /api/user/consents).",
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
      const { content_type } = c.req.valid("query");
      c.header("cache-control", "private, no-cache");
      c.header("vary", "Authorization, Cookie, Origin");
      return c.json({ user_context: userContext(c.var.caller, content_type) });
    },
  )
  .post(
    "/interactions",
    describeRoute({
      tags: ["Personalization"],
      summary: "Log a personalized-content interaction",
      description:
        "Accepted, not yet stored: the record, with the profile in force snapshotted server-side, is queued and stored within seconds (GET /interactions may lag by that much). 503 QUEUE_UNAVAILABLE with Retry-After when it could not be queued: nothing was recorded.",
      security: sessionSecurity,
      responses: { 202: json("Queued; this is its id", interactionAcceptedSchema), ...problems(400, 401, 503) },
    }),
    validate("json", interactionBodySchema),
    async (c) => {
      const record = interactionMessage(c.var.caller, c.req.valid("json"));
      await enqueueInteraction(c.env.INTERACTIONS, record);
      return c.json({ id: record.id }, 202);
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
    validate("query", pageQuerySchema),
    async (c) => c.json(await listInteractions(c.var.db, c.var.caller.user.id, c.req.valid("query"))),
  );
