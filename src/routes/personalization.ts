/** /api/personalization: the context a chatbot asks for, and the interactions it logs. */
import { Hono } from "hono";
import { etag } from "hono/etag";
import type { AppEnv } from "../env";
import { ApiError } from "../errors/api-error";
import { requireAuth, signedInUser } from "../middleware/session";
import { listInteractions, recordInteraction } from "../personalization/interactions";
import { personalizationNotes } from "../personalization/notes";
import { activeProfile } from "../personalization/profile";
import { contextQuerySchema, interactionBodySchema, interactionListQuerySchema } from "../schemas/personalization";
import { validate } from "../validation/validate";

export const personalizationRoutes = new Hono<AppEnv>()
  .use("/api/personalization/*", requireAuth)
  // The ETag is computed from the body, so a widget polling with If-None-Match gets 304 until the profile changes.
  .get("/api/personalization/context", etag(), validate("query", contextQuerySchema), (c) => {
    const profile = activeProfile(signedInUser(c));
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
  })
  .post("/api/personalization/interactions", validate("json", interactionBodySchema), async (c) => {
    const id = await recordInteraction(c.var.db, signedInUser(c).id, c.req.valid("json"));
    if (!id) throw new ApiError("UNAUTHENTICATED", "This account no longer exists.");
    return c.json({ id }, 201);
  })
  .get("/api/personalization/interactions", validate("query", interactionListQuerySchema), async (c) => {
    return c.json(await listInteractions(c.var.db, signedInUser(c).id, c.req.valid("query")));
  });
