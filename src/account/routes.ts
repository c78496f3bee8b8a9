/**
 * /api/user: the account itself. PUT changes display name, image and timezone (the caller's credential is
 * re-issued with them); DELETE disables it at once and schedules its purge; GET /export downloads it. Better Auth's client deletes
 * through `POST /api/auth/delete-user`, which is mounted onto the same deletion.
 */
import { eq } from "drizzle-orm";
import { Hono } from "hono";
import { createFactory } from "hono/factory";
import { describeRoute } from "hono-openapi";
import { clearSessionCookies } from "../auth/cookies";
import { requireCaller } from "../caller/middleware";
import { reissueCredential } from "../caller/reissue";
import { revokeSessions } from "../caller/revocations";
import { user } from "../db/schema";
import type { CallerEnv } from "../env";
import { ApiError } from "../errors/api-error";
import { json, problems, sessionSecurity } from "../openapi/describe";
import { noteSecurityEvent } from "../security-log/request-record";
import { validate } from "../validation/validate";
import { confirmIdentity, requireFreshSignIn } from "./confirm-identity";
import { exportStream } from "./data-export";
import { deleteAccount, restorableUntil } from "./deletion";
import {
  accountDeletedSchema,
  dataExportSchema,
  deleteAccountBodySchema,
  userUpdatedSchema,
  userUpdateSchema,
} from "./schemas";

const gone = () => new ApiError("UNAUTHENTICATED", "This account no longer exists.");

const deletion = createFactory<CallerEnv>().createHandlers(
  describeRoute({
    tags: ["Account"],
    summary: "Delete the account",
    description:
      "Needs a sign-in from the last 10 minutes or the password. At once: every session ends, the profile is " +
      "archived and sign-in is refused. Support can restore the account until `restorable_until`; then its " +
      "personal data is purged and its interaction records are kept anonymised.",
    security: sessionSecurity,
    responses: { 200: json("Deleted", accountDeletedSchema), ...problems(400, 401, 403) },
  }),
  validate("json", deleteAccountBodySchema),
  async (c) => {
    const { db, auth, caller, config } = c.var;
    await confirmIdentity(db, auth, caller, c.req.valid("json").password);
    const { deletedAt, endedSessionIds } = await deleteAccount(db, caller.user.id);
    revokeSessions(endedSessionIds, config.freshnessSeconds);
    if (!deletedAt) throw gone();
    noteSecurityEvent({ type: "account_deleted", user_id: caller.user.id });
    clearSessionCookies(c, auth.options);
    return c.json({
      success: true as const,
      deleted_at: deletedAt.toISOString(),
      restorable_until: restorableUntil(deletedAt, config.retentionDays).toISOString(),
    });
  },
);

export const accountRoutes = new Hono<CallerEnv>()
  .use(requireCaller)
  .put(
    "/",
    describeRoute({
      tags: ["Account"],
      summary: "Update display name, image and timezone",
      security: sessionSecurity,
      responses: { 200: json("The account as saved", userUpdatedSchema), ...problems(400, 401) },
    }),
    validate("json", userUpdateSchema),
    async (c) => {
      const { caller } = c.var;
      const [row] = await c.var.db
        .update(user)
        .set(c.req.valid("json"))
        .where(eq(user.id, caller.user.id))
        .returning({ name: user.name, image: user.image, timezone: user.timezone });
      if (!row) throw gone();
      await reissueCredential(c, { ...caller, user: { ...caller.user, name: row.name, image: row.image } });
      return c.json({ success: true as const, user: { id: caller.user.id, ...row } });
    },
  )
  .delete("/", ...deletion)
  .get(
    "/export",
    describeRoute({
      tags: ["Account"],
      summary: "Download everything held about the caller",
      description:
        "One JSON document (GDPR Art. 15 and 20): account, profile, sessions, push devices, consents, security " +
        "log, interactions and notifications, newest first. Needs a sign-in from the last 10 minutes. Large " +
        "sections stream; a download cut short is not valid JSON. Limited to 5 an hour per client address.",
      security: sessionSecurity,
      responses: {
        200: json("The document, as an attachment", dataExportSchema),
        ...problems(401, 403, 429, 503),
      },
    }),
    async (c) => {
      const { db, caller } = c.var;
      await requireFreshSignIn(db, caller, "download your data");
      const body = await exportStream(db, caller, c.get("requestId"));
      if (!body) throw gone();
      noteSecurityEvent({ type: "data_exported", user_id: caller.user.id });
      const day = new Date().toISOString().slice(0, 10);
      return c.body(body, 200, {
        "content-type": "application/json; charset=utf-8",
        "content-disposition": `attachment; filename="persona-edge-export-${day}.json"`,
        "cache-control": "private, no-store",
      });
    },
  );

/** Better Auth's `POST /delete-user`, answered by the same deletion, so its client deletes with retention too. */
export const betterAuthDeletionRoutes = new Hono<CallerEnv>().use(requireCaller).post("/", ...deletion);
