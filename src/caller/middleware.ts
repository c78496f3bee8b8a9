/**
 * The one session check. Resolves the caller once per request, without the database on the warm path:
 * an access token (JWT) is verified in the isolate, a browser's signed cookie cache is read with Better
 * Auth's own decoder, and only a bare session token or a lapsed cache costs a lookup. A revoked session is
 * refused here, once, whatever proved it. `requireCaller` answers 401 without a caller and types the env
 * of the routes behind it, so their handlers read `c.var.caller` without checking again; it also keeps an
 * embedding site's widget to the few routes it may reach (403 elsewhere).
 */
import type { Context, MiddlewareHandler } from "hono";
import { forwardSetCookies } from "../auth/cookies";
import type { AppEnv, CallerEnv } from "../env";
import { ApiError } from "../errors/api-error";
import { fromAccessToken, looksLikeJwt } from "./access-tokens";
import { type Caller, callerFrom, widgetGrant } from "./caller";
import { fromCookieCache } from "./cookie-cache";
import { grantedHere, isRevoked } from "./revocations";

/** The request's Origin when it is an embedding site's (a trusted origin that is not ours). */
export function embeddingSite<E extends AppEnv>(c: Context<E>): string | undefined {
  const origin = c.req.header("origin");
  return origin !== undefined && c.var.config.widgetOrigins.includes(origin) ? origin : undefined;
}

function bearerToken(c: Context): string | undefined {
  return c.req.header("authorization")?.match(/^Bearer\s+(\S+)$/i)?.[1];
}

/** Whether the request carries an access token: the credential only we can read, Better Auth cannot. */
export function sendsAccessToken(c: Context): boolean {
  const token = bearerToken(c);
  return token !== undefined && looksLikeJwt(token);
}

/** Better Auth's own check of a session cookie or token: the cold path, one round trip. */
async function fromSession<E extends AppEnv>(
  c: Context<E>,
  credential: Caller["session"]["credential"],
): Promise<Caller | null> {
  const { headers, response } = await c.var.auth.api.getSession({ headers: c.req.raw.headers, returnHeaders: true });
  // A lapsed cookie cache comes back renewed: the browser must get it.
  forwardSetCookies(c, headers);
  return response ? callerFrom(response.user, response.session, credential) : null;
}

async function anyCaller<E extends AppEnv>(c: Context<E>): Promise<Caller | null> {
  const { db, config, auth } = c.var;
  const token = bearerToken(c);
  if (token && looksLikeJwt(token)) return fromAccessToken(token, db, config.authUrl);
  if (!token && config.edgeSessionCache) {
    const cached = await fromCookieCache(c.req.raw, auth.options, config.authSecret);
    if (cached) return cached;
  }
  return fromSession(c, token ? "session-token" : "cookie");
}

/**
 * The request's caller, null without a valid credential or for a revoked session. A widget's token reads
 * no more than the site's grant as this isolate last saw it change.
 */
export async function callerOf<E extends AppEnv>(c: Context<E>): Promise<Caller | null> {
  const caller = await anyCaller(c);
  if (!caller || isRevoked(caller.session.id)) return null;
  const { widget } = caller;
  if (!widget) return caller;
  const fields = grantedHere(caller.user.id, widget.origin, widget.fields);
  if (fields.length === widget.fields.length) return caller;
  return { ...caller, widget: widgetGrant(widget.origin, fields, widget.softwareLevel, widget.hardwareBackground) };
}

/**
 * What an embedding site's widget may do: read the context and log interactions, with a token minted for
 * its origin. Everything else (the profile, consents, sessions, the account) is the user's own business,
 * done from the API's origin or a first-party one.
 */
const WIDGET_ROUTES = new Set(["GET /api/personalization/context", "POST /api/personalization/interactions"]);

/** Refuses what a widget may not do; `siteOrigin` is the request's Origin when it is an embedding site's. */
function checkWidget(c: Context, caller: Caller, siteOrigin: string | undefined) {
  if (!caller.widget && !siteOrigin) return;
  if (!WIDGET_ROUTES.has(`${c.req.method} ${c.req.path}`)) {
    throw new ApiError(
      "FORBIDDEN",
      "An embedding site's widget reads the context and logs interactions, nothing else: this is done from the API's own site.",
    );
  }
  if (!caller.widget) {
    throw new ApiError(
      "FORBIDDEN",
      "From an embedding site, send an access token minted for it: GET /api/auth/token from that site.",
    );
  }
  if (siteOrigin && caller.widget.origin !== siteOrigin) {
    throw new ApiError("FORBIDDEN", "This access token was minted for another site.");
  }
}

/**
 * Mounted before a router's validators, so a caller without a session hears 401 before anything else.
 * Routers nest (`/api/user` holds `/api/user/profile`): a caller already resolved is not resolved again.
 */
export const requireCaller: MiddlewareHandler<CallerEnv> = async (c, next) => {
  // Typed as there for what follows; until this line it may not be.
  const caller = (c.get("caller") as Caller | undefined) ?? (await callerOf(c));
  if (!caller) {
    throw new ApiError("UNAUTHENTICATED", "Sign in, then send the session cookie or `Authorization: Bearer <token>`.");
  }
  checkWidget(c, caller, embeddingSite(c));
  c.set("caller", caller);
  await next();
};
