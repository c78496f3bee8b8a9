/**
 * /api/auth: our JSON sign-up and sign-in (snake_case, with the background profile), get-session for
 * access tokens, then every other Better Auth endpoint, whose errors are answered in our problem shape.
 */
import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import { callerOf, sendsAccessToken } from "../caller/middleware";
import type { AppEnv } from "../env";
import { betterAuthError } from "../errors/auth-errors";
import { json, problems } from "../openapi/describe";
import { activeProfile, profileView } from "../profile/view";
import { locatedHeaders } from "../sessions/edge-location";
import { defaultDisplayName } from "../validation/fields";
import { validate } from "../validation/validate";
import { forwardSetCookies } from "./cookies";
import { sessionAnswer } from "./get-session";
import { asJsonBody } from "./json-body";
import { signInBodySchema, signInResponseSchema, signUpBodySchema, signUpResponseSchema } from "./schemas";

export const authRoutes = new Hono<AppEnv>()
  .post(
    "/signup",
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
        headers: locatedHeaders(c.req.raw),
        returnHeaders: true,
      });
      forwardSetCookies(c, headers);
      return c.json({ success: true as const, user_id: response.user.id, session_token: response.token ?? null }, 201);
    },
  )
  .post(
    "/signin",
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
        headers: locatedHeaders(c.req.raw),
        returnHeaders: true,
      });
      forwardSetCookies(c, headers);
      const profile = activeProfile(profileView(response.user));
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
  // Better Auth answers cookies and session tokens itself (and documents the route); an access token is
  // ours to read, from its claims, with no round trip.
  .get("/get-session", describeRoute({ hide: true }), async (c, next) => {
    if (!sendsAccessToken(c)) return next();
    const caller = await callerOf(c);
    return c.json(caller ? sessionAnswer(caller) : null);
  })
  // Documented by Better Auth's own OpenAPI generator (merged into /openapi.json).
  .on(["GET", "POST"], "/*", describeRoute({ hide: true }), async (c) => {
    const response = await c.var.auth.handler(await asJsonBody(c.req.raw));
    if (response.status < 400) return response;
    // Keep the cookies Better Auth set or cleared alongside its error.
    forwardSetCookies(c, response.headers);
    throw await betterAuthError(response);
  });
