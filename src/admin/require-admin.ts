/**
 * Guards our own admin routes. The role is read from the database, not from the caller's credential: a
 * cookie cache or access token may still carry a role taken away moments ago, and admin calls are rare
 * enough to pay one round trip.
 */
import { and, eq, isNull } from "drizzle-orm";
import { createMiddleware } from "hono/factory";
import { ADMIN_ROLE } from "../auth/admin-plugin";
import { user } from "../db/schema";
import type { CallerEnv } from "../env";
import { ApiError } from "../errors/api-error";

export const requireAdmin = createMiddleware<CallerEnv>(async (c, next) => {
  const [row] = await c.var.db
    .select({ role: user.role })
    .from(user)
    .where(and(eq(user.id, c.var.caller.user.id), isNull(user.deleted_at), eq(user.banned, false)));
  const roles = row?.role.split(",").map((role) => role.trim()) ?? [];
  if (!roles.includes(ADMIN_ROLE)) throw new ApiError("FORBIDDEN", "Only an admin may do this.");
  await next();
});
