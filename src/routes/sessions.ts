/** /api/user/sessions: the caller's sessions as devices, and revoking one or all the others. */
import { and, desc, eq, gt, ne } from "drizzle-orm";
import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import { revokeSession } from "../auth/revocations";
import { session } from "../db/schema";
import type { AppEnv } from "../env";
import { ApiError } from "../errors/api-error";
import { requireAuth, signedInUser } from "../middleware/session";
import { json, problems, sessionSecurity } from "../openapi/describe";
import { revokedSchema, sessionIdParamSchema, sessionListSchema } from "../schemas/sessions";
import { deviceLabel } from "../sessions/device-label";
import { validate } from "../validation/validate";

export const sessionRoutes = new Hono<AppEnv>()
  .use("/api/user/sessions", requireAuth)
  .use("/api/user/sessions/*", requireAuth)
  .get(
    "/api/user/sessions",
    describeRoute({
      tags: ["Sessions"],
      summary: "The caller's active sessions, as devices",
      security: sessionSecurity,
      responses: { 200: json("Newest activity first; `current` marks this one", sessionListSchema), ...problems(401) },
    }),
    async (c) => {
      const rows = await c.var.db
        .select()
        .from(session)
        .where(and(eq(session.userId, signedInUser(c).id), gt(session.expiresAt, new Date())))
        .orderBy(desc(session.updatedAt));
      return c.json({
        sessions: rows.map((row) => ({
          id: row.id,
          device: deviceLabel(row.userAgent),
          user_agent: row.userAgent,
          ip_address: row.ipAddress,
          country: row.country,
          timezone: row.timezone,
          created_at: row.createdAt.toISOString(),
          last_active_at: row.updatedAt.toISOString(),
          current: row.id === c.var.session?.id,
        })),
      });
    },
  )
  .delete(
    "/api/user/sessions/:id",
    describeRoute({
      tags: ["Sessions"],
      summary: "Revoke one of the caller's sessions",
      security: sessionSecurity,
      responses: { 200: json("Revoked", revokedSchema), ...problems(401, 404) },
    }),
    validate("param", sessionIdParamSchema),
    async (c) => {
      const { id } = c.req.valid("param");
      const deleted = await c.var.db
        .delete(session)
        .where(and(eq(session.id, id), eq(session.userId, signedInUser(c).id)))
        .returning({ id: session.id });
      if (deleted.length === 0) throw new ApiError("NOT_FOUND", "You have no session with this id.");
      for (const row of deleted) revokeSession(row.id, c.var.config.freshnessSeconds);
      return c.json({ success: true as const, revoked: deleted.length });
    },
  )
  .post(
    "/api/user/sessions/revoke-others",
    describeRoute({
      tags: ["Sessions"],
      summary: "Revoke every session of the caller but this one",
      security: sessionSecurity,
      responses: { 200: json("Revoked", revokedSchema), ...problems(401) },
    }),
    async (c) => {
      const deleted = await c.var.db
        .delete(session)
        .where(and(eq(session.userId, signedInUser(c).id), ne(session.id, c.var.session?.id ?? "")))
        .returning({ id: session.id });
      for (const row of deleted) revokeSession(row.id, c.var.config.freshnessSeconds);
      return c.json({ success: true as const, revoked: deleted.length });
    },
  );
