/** Resolves the caller's session (cookie or `Authorization: Bearer`) once per request, and guards routes that need one. */
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../env";
import { ApiError } from "../errors/api-error";

export const session = createMiddleware<AppEnv>(async (c, next) => {
  const found = await c.var.auth.api.getSession({ headers: c.req.raw.headers });
  c.set("user", found?.user ?? null);
  c.set("session", found?.session ?? null);
  await next();
});

const unauthenticated = () =>
  new ApiError("UNAUTHENTICATED", "Sign in, then send the session cookie or `Authorization: Bearer <token>`.");

/** Mounted before a router's validators, so a caller without a session hears 401 before anything else. */
export const requireAuth = createMiddleware<AppEnv>(async (c, next) => {
  if (!c.var.user) throw unauthenticated();
  await next();
});

/** The signed-in caller, in handlers behind `requireAuth`. */
export function signedInUser(c: Context<AppEnv>) {
  if (!c.var.user) throw unauthenticated();
  return c.var.user;
}
