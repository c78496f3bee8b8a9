/**
 * /api/auth: our JSON sign-up and sign-in (snake_case, with the background profile), get-session for
 * access tokens, then every other Better Auth endpoint, whose errors are answered in our problem shape.
 */
import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import { callerOf, embeddingSite, sendsAccessToken } from "../caller/middleware";
import { revokeSessions } from "../caller/revocations";
import { mintWidgetToken } from "../consents/mint-widget-token";
import type { AppEnv } from "../env";
import { ApiError } from "../errors/api-error";
import { betterAuthError } from "../errors/auth-errors";
import { logEvent } from "../errors/log";
import { json, problems } from "../openapi/describe";
import { activeProfile, profileView } from "../profile/view";
import { locatedHeaders } from "../sessions/edge-location";
import { defaultDisplayName } from "../validation/fields";
import { validate } from "../validation/validate";
import { forwardSetCookies } from "./cookies";
import { sessionAnswer } from "./get-session";
import { asJsonBody } from "./json-body";
import { AUTH_BASE_PATH, SESSION_SECONDS } from "./options";
import {
  refreshBodySchema,
  signInBodySchema,
  signInResponseSchema,
  signUpBodySchema,
  signUpResponseSchema,
  tokenPairSchema,
  twoFactorRequiredSchema,
} from "./schemas";
import { describeSession } from "./token-pairs/device-info";
import { REUSE_GRACE_SECONDS, rotateRefreshToken } from "./token-pairs/rotation";
import { tokenPair } from "./token-pairs/token-pair";

/** Better Auth's routes that act on one of the caller's passkeys, by id. */
const OWNED_PASSKEY_PATHS = new Set(["/api/auth/passkey/update-passkey", "/api/auth/passkey/delete-passkey"]);

/** What Better Auth's two-factor plugin puts in place of a sign-in's answer while a second factor is due. */
function isTwoFactorChallenge(response: object): response is { twoFactorRedirect: true; twoFactorMethods: string[] } {
  return "twoFactorRedirect" in response && response.twoFactorRedirect === true;
}

export const authRoutes = new Hono<AppEnv>()
  // An embedding site's widget mints its token here and nothing else. With the user's cookie, which a
  // same-site widget's requests carry, get-session would show it the whole account, and the rest would let
  // it act as the user: the account is managed from the API's site or a first-party one.
  .use(async (c, next) => {
    if (embeddingSite(c) && !(c.req.method === "GET" && c.req.path === `${AUTH_BASE_PATH}/token`)) {
      throw new ApiError("FORBIDDEN", "An embedding site's widget only mints its token here (GET /api/auth/token).");
    }
    await next();
  })
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
      description:
        "One answer for an unknown email and a wrong password. Sets the session cookie; with `token_pair: true` " +
        "(mobile apps) sets none and answers an access and refresh token pair instead, recording `device_info`. " +
        "With two-factor on, it answers `two_factor_required` and a challenge cookie instead of a session: " +
        "finish at /api/auth/two-factor/verify-totp (or /verify-backup-code) with that cookie.",
      responses: {
        200: json(
          "Signed in (the pair's shape with token_pair: true), or a second factor is required",
          signInResponseSchema.or(tokenPairSchema).or(twoFactorRequiredSchema),
        ),
        ...problems(400, 401),
      },
    }),
    validate("json", signInBodySchema),
    async (c) => {
      const { token_pair, device_info, ...credentials } = c.req.valid("json");
      const { headers, response } = await c.var.auth.api.signInEmail({
        body: credentials,
        headers: locatedHeaders(c.req.raw),
        returnHeaders: true,
      });
      if (isTwoFactorChallenge(response)) {
        // The challenge rides in a signed cookie Better Auth set; /two-factor/verify-totp reads it.
        forwardSetCookies(c, headers);
        return c.json({
          success: true as const,
          two_factor_required: true as const,
          methods: response.twoFactorMethods,
        });
      }
      if (token_pair) {
        const started = await describeSession(c.var.db, response.token, device_info);
        return c.json(await tokenPair(c.var.auth, c.var.config, response.user, started));
      }
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
  .post(
    "/refresh",
    describeRoute({
      tags: ["Auth"],
      summary: "Trade a refresh token for a new token pair",
      description:
        "The refresh token works once: the answer carries the next one. A refresh token presented again after " +
        `${REUSE_GRACE_SECONDS} s is taken for a stolen copy: every session of its chain ends, and the devices they ` +
        "registered with them.",
      responses: { 200: json("The next pair", tokenPairSchema), ...problems(400, 401, 403) },
    }),
    validate("json", refreshBodySchema),
    async (c) => {
      const { db, auth, config } = c.var;
      const refreshed = await rotateRefreshToken(db, c.req.valid("json").refresh_token, {
        sessionSeconds: SESSION_SECONDS,
        ipAddress: c.req.header("cf-connecting-ip") ?? null,
        userAgent: c.req.header("user-agent") ?? null,
      });
      if (refreshed.kind === "rotated") {
        revokeSessions([refreshed.previousSessionId], config.freshnessSeconds);
        return c.json(await tokenPair(auth, config, refreshed.user, refreshed.session));
      }
      if (refreshed.kind === "reused") {
        revokeSessions(refreshed.endedSessionIds, config.freshnessSeconds);
        logEvent("warn", {
          source: "security",
          event: "refresh_token_reused",
          user_id: refreshed.userId,
          sessions_ended: refreshed.endedSessionIds.length,
        });
        throw new ApiError(
          "UNAUTHENTICATED",
          "This refresh token was already used: every session of its chain has ended. Sign in again.",
        );
      }
      if (refreshed.kind === "retried") {
        throw new ApiError(
          "UNAUTHENTICATED",
          "This refresh token was used moments ago: use the pair that answer carried.",
        );
      }
      throw new ApiError("UNAUTHENTICATED", "The refresh token is unknown or expired. Sign in again.");
    },
  )
  // From an embedding site, the token is the site's: its origin and what the user allowed it, no more.
  // From anywhere else, Better Auth's jwt plugin mints the first-party token (documented by it).
  .get("/token", describeRoute({ hide: true }), async (c, next) => {
    const site = embeddingSite(c);
    if (!site) return next();
    const caller = await callerOf(c);
    if (!caller)
      throw new ApiError("UNAUTHENTICATED", "Sign in on the API's site first; the widget's requests then carry it.");
    return c.json({ token: await mintWidgetToken(c.var, caller, site) });
  })
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
    // Better Auth answers another user's passkey with 401, which a client takes for "signed out": for a
    // signed-in caller it is a passkey they do not have, as an unknown id is.
    if (response.status === 401 && OWNED_PASSKEY_PATHS.has(c.req.path) && (await callerOf(c))) {
      throw new ApiError("NOT_FOUND", "You have no passkey with this id.");
    }
    throw await betterAuthError(response);
  });
