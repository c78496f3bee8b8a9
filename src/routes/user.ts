/**
 * /api/user: the account itself. PUT changes display name, image and timezone (the caller's credential is
 * re-issued with them); DELETE disables it at once and schedules its purge.
 */
import { and, eq } from "drizzle-orm";
import { type Context, Hono } from "hono";
import { describeRoute } from "hono-openapi";
import { deleteAccount, restorableUntil } from "../accounts/deletion";
import { clearSessionCookies } from "../auth/cookies";
import { reissueCredential } from "../auth/reissue";
import { revokeSession } from "../auth/revocations";
import { account, session, user } from "../db/schema";
import type { AppEnv } from "../env";
import { ApiError } from "../errors/api-error";
import { requireAuth, signedInUser } from "../middleware/session";
import { json, problems, sessionSecurity } from "../openapi/describe";
import { userUpdatedSchema, userUpdateSchema } from "../schemas/account";
import { accountDeletedSchema, deleteAccountBodySchema } from "../schemas/account-deletion";
import { validate } from "../validation/validate";

/** A session this recent proves the person is at the keyboard; an older one must give the password. */
const FRESH_SIGN_IN_MS = 10 * 60 * 1000;

/** Throws unless the caller signed in moments ago or gives the account's password. */
async function confirmIdentity(c: Context<AppEnv>, password: string | undefined) {
  const me = signedInUser(c);
  const [row] = await c.var.db
    .select({ signedInAt: session.createdAt, hash: account.password })
    .from(session)
    .leftJoin(account, and(eq(account.userId, session.userId), eq(account.providerId, "credential")))
    .where(and(eq(session.id, c.var.session?.id ?? ""), eq(session.userId, me.id)));
  if (!row) throw new ApiError("UNAUTHENTICATED", "This session has ended; sign in again.");
  if (password === undefined) {
    if (Date.now() - row.signedInAt.getTime() <= FRESH_SIGN_IN_MS) return;
    throw new ApiError(
      "REAUTHENTICATION_REQUIRED",
      "Send the account's password, or sign in again and delete within 10 minutes.",
    );
  }
  if (!row.hash) {
    throw new ApiError("REAUTHENTICATION_REQUIRED", "This account has no password: sign in again, then delete.");
  }
  const { password: hasher } = await c.var.auth.$context;
  if (!(await hasher.verify({ hash: row.hash, password }))) {
    throw new ApiError("INVALID_PASSWORD", "The password is not correct.");
  }
}

export const userRoutes = new Hono<AppEnv>()
  .use("/api/user", requireAuth)
  .put(
    "/api/user",
    describeRoute({
      tags: ["Account"],
      summary: "Update display name, image and timezone",
      security: sessionSecurity,
      responses: { 200: json("The account as saved", userUpdatedSchema), ...problems(400, 401) },
    }),
    validate("json", userUpdateSchema),
    async (c) => {
      const me = signedInUser(c);
      const [row] = await c.var.db
        .update(user)
        .set(c.req.valid("json"))
        .where(eq(user.id, me.id))
        .returning({ name: user.name, image: user.image, timezone: user.timezone });
      if (!row) throw new ApiError("UNAUTHENTICATED", "This account no longer exists.");
      await reissueCredential(c, { ...me, ...row });
      return c.json({ success: true as const, user: { id: me.id, ...row } });
    },
  )
  .delete(
    "/api/user",
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
      await confirmIdentity(c, c.req.valid("json").password);
      const { deletedAt, endedSessionIds } = await deleteAccount(c.var.db, signedInUser(c).id);
      for (const id of endedSessionIds) revokeSession(id, c.var.config.freshnessSeconds);
      if (!deletedAt) throw new ApiError("UNAUTHENTICATED", "This account no longer exists.");
      clearSessionCookies(c);
      return c.json({
        success: true as const,
        deleted_at: deletedAt.toISOString(),
        restorable_until: restorableUntil(deletedAt, c.var.config.retentionDays).toISOString(),
      });
    },
  );
