/**
 * /api/auth: our JSON sign-up and sign-in (snake_case, with the background profile), then every other
 * Better Auth endpoint, whose errors are rewritten into our problem shape.
 */
import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import { type AuthErrorBody, authApiError } from "../auth/auth-errors";
import { forwardSetCookies } from "../auth/cookies";
import type { AppEnv } from "../env";
import { json, problems } from "../openapi/describe";
import { activeProfile } from "../personalization/profile";
import {
  defaultDisplayName,
  signInBodySchema,
  signInResponseSchema,
  signUpBodySchema,
  signUpResponseSchema,
} from "../schemas/account";
import { validate } from "../validation/validate";

export const authRoutes = new Hono<AppEnv>()
  .post(
    "/api/auth/signup",
    describeRoute({
      tags: ["Auth"],
      summary: "Sign up with email, password and background profile",
      description: "Creates the user with its profile in one write, signs in, and sets the session cookie.",
      responses: { 201: json("Signed up and signed in", signUpResponseSchema), ...problems(400, 409) },
    }),
    validate("json", signUpBodySchema),
    async (c) => {
      const body = c.req.valid("json");
      const { headers, response } = await c.var.auth.api.signUpEmail({
        body: { ...body, name: body.name ?? defaultDisplayName(body.email) },
        headers: c.req.raw.headers,
        returnHeaders: true,
      });
      forwardSetCookies(c, headers);
      return c.json({ success: true as const, user_id: response.user.id, session_token: response.token ?? null }, 201);
    },
  )
  .post(
    "/api/auth/signin",
    describeRoute({
      tags: ["Auth"],
      summary: "Sign in with email and password",
      description: "One answer for an unknown email and a wrong password. Sets the session cookie.",
      responses: { 200: json("Signed in", signInResponseSchema), ...problems(400, 401) },
    }),
    validate("json", signInBodySchema),
    async (c) => {
      const { headers, response } = await c.var.auth.api.signInEmail({
        body: c.req.valid("json"),
        headers: c.req.raw.headers,
        returnHeaders: true,
      });
      forwardSetCookies(c, headers);
      const profile = activeProfile(response.user);
      return c.json({
        success: true as const,
        user_id: response.user.id,
        session_token: response.token,
        background_profile: profile
          ? { software_level: profile.software_level, hardware_background: profile.hardware_background }
          : null,
      });
    },
  )
  // Documented by Better Auth's own OpenAPI generator (merged into /openapi.json).
  .on(["GET", "POST"], "/api/auth/*", describeRoute({ hide: true }), async (c) => {
    const response = await c.var.auth.handler(c.req.raw);
    if (response.status < 400 || !response.headers.get("content-type")?.includes("application/json")) return response;
    const body = (await response.json().catch(() => undefined)) as AuthErrorBody | undefined;
    const error = authApiError(response.status, body);
    // Keep the cookies Better Auth set or cleared alongside its error.
    forwardSetCookies(c, response.headers);
    throw error;
  });
