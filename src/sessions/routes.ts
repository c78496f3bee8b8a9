/** /api/user/sessions: the caller's sessions as devices, and revoking one or all the others. */
import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import { requireCaller } from "../caller/middleware";
import { revokeSessions } from "../caller/revocations";
import type { CallerEnv } from "../env";
import { ApiError } from "../errors/api-error";
import { json, problems, sessionSecurity } from "../openapi/describe";
import { noteSecurityEvent } from "../security-log/request-record";
import { validate } from "../validation/validate";
import { endOtherSessions, endSession, listSessions } from "./queries";
import { revokedSchema, sessionIdParamSchema, sessionListSchema } from "./schemas";

export const sessionRoutes = new Hono<CallerEnv>()
  .use(requireCaller)
  .get(
    "/",
    describeRoute({
      tags: ["Sessions"],
      summary: "The caller's active sessions, as devices",
      security: sessionSecurity,
      responses: { 200: json("Newest activity first; `current` marks this one", sessionListSchema), ...problems(401) },
    }),
    async (c) => {
      const { user, session } = c.var.caller;
      return c.json({ sessions: await listSessions(c.var.db, user.id, session.id) });
    },
  )
  .delete(
    "/:id",
    describeRoute({
      tags: ["Sessions"],
      summary: "Revoke one of the caller's sessions",
      security: sessionSecurity,
      responses: { 200: json("Revoked", revokedSchema), ...problems(401, 404) },
    }),
    validate("param", sessionIdParamSchema),
    async (c) => {
      const ended = await endSession(c.var.db, c.var.caller.user.id, c.req.valid("param").id);
      if (ended.length === 0) throw new ApiError("NOT_FOUND", "You have no session with this id.");
      revokeSessions(ended, c.var.config.freshnessSeconds);
      noteSecurityEvent({ type: "sessions_revoked", user_id: c.var.caller.user.id, detail: { count: ended.length } });
      return c.json({ success: true as const, revoked: ended.length });
    },
  )
  .post(
    "/revoke-others",
    describeRoute({
      tags: ["Sessions"],
      summary: "Revoke every session of the caller but this one",
      security: sessionSecurity,
      responses: { 200: json("Revoked", revokedSchema), ...problems(401) },
    }),
    async (c) => {
      const { user, session } = c.var.caller;
      const ended = await endOtherSessions(c.var.db, user.id, session.id);
      revokeSessions(ended, c.var.config.freshnessSeconds);
      if (ended.length > 0)
        noteSecurityEvent({ type: "sessions_revoked", user_id: user.id, detail: { count: ended.length } });
      return c.json({ success: true as const, revoked: ended.length });
    },
  );
