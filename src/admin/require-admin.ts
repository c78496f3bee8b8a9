/**
 * Guards our own admin routes. The role is read from the database, not from the caller's credential: a
 * cookie cache or access token may still carry a role taken away moments ago, and admin calls are rare
 * enough to pay one round trip.
 */
import { and, eq, isNull } from "drizzle-orm";
import { createMiddleware } from "hono/factory";
import { ADMIN_ROLE } from "../auth/admin-plugin";
import type { Database } from "../db/client";
import { user } from "../db/schema";
import type { CallerEnv } from "../env";
import { ApiError } from "../errors/api-error";

/** Whether the user is an admin now: in good standing (not deleted, not banned) with the admin role. */
export async function isAdmin(db: Database, userId: string): Promise<boolean> {
  const [row] = await db
    .select({ role: user.role })
    .from(user)
    .where(and(eq(user.id, userId), isNull(user.deleted_at), eq(user.banned, false)));
  const roles = row?.role.split(",").map((role) => role.trim()) ?? [];
  return roles.includes(ADMIN_ROLE);
}

export const requireAdmin = createMiddleware<CallerEnv>(async (c, next) => {
  if (!(await isAdmin(c.var.db, c.var.caller.user.id))) throw new ApiError("FORBIDDEN", "Only an admin may do this.");
  await next();
});
