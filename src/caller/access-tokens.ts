/**
 * Short-lived access tokens (JWTs signed by Better Auth's jwt plugin with Ed25519) for bearer callers such
 * as chatbot widgets: they carry the caller and are verified here, in the isolate, with public keys read
 * from the database once per isolate; no request fetches a key.
 */
import { decodeProtectedHeader, importJWK, type JWTPayload, jwtVerify } from "jose";
import { widgetCaller } from "../consents/widget-token";
import type { Database } from "../db/client";
import { jwks } from "../db/schema";
import type { HardwareBackground, ProfileStatus, SoftwareLevel } from "../db/schema/profile";
import { profileColumns } from "../profile/view";
import { type Caller, callerFrom } from "./caller";
import { recall, remember } from "./verified-credentials";

export const ACCESS_TOKEN_ALGORITHM = "EdDSA";

/** What an access token says besides the standard claims: enough to answer without the database. */
export interface AccessTokenClaims {
  sid: string;
  email: string;
  name: string;
  image: string | null;
  email_verified: boolean;
  phone_verified: boolean;
  software_level: SoftwareLevel | null;
  hardware_background: HardwareBackground | null;
  profile_status: ProfileStatus | null;
  profile_created_at: string | null;
  profile_updated_at: string | null;
}

export function accessTokenClaims({ user, profile, session }: Caller): AccessTokenClaims {
  return {
    sid: session.id,
    email: user.email,
    name: user.name,
    image: user.image,
    email_verified: user.emailVerified,
    phone_verified: user.phoneNumberVerified,
    ...profileColumns(profile),
  };
}

/** Three base64url segments, the first a JSON header: a JWT rather than an opaque session token. */
export function looksLikeJwt(token: string): boolean {
  return /^eyJ[\w-]*\.[\w-]+\.[\w-]+$/.test(token);
}

type PublicKey = Awaited<ReturnType<typeof importJWK>>;

/** How often an unknown key id may send us back to the database for the key set (key rotation). */
const KEY_RELOAD_INTERVAL_MS = 30_000;

// Isolate-wide: public keys by key id, loaded from the database once and again only for an unknown kid.
let keys = new Map<string, PublicKey>();
let keysLoadedAt = Number.NEGATIVE_INFINITY;

async function loadKeys(db: Database) {
  const rows = await db.select({ id: jwks.id, publicKey: jwks.publicKey, alg: jwks.alg }).from(jwks);
  const loaded = new Map<string, PublicKey>();
  for (const row of rows) {
    if ((row.alg ?? ACCESS_TOKEN_ALGORITHM) !== ACCESS_TOKEN_ALGORITHM) continue;
    loaded.set(row.id, await importJWK(JSON.parse(row.publicKey), ACCESS_TOKEN_ALGORITHM));
  }
  keys = loaded;
  keysLoadedAt = Date.now();
}

async function publicKeyFor(kid: string, db: Database): Promise<PublicKey | undefined> {
  if (!keys.has(kid) && Date.now() - keysLoadedAt > KEY_RELOAD_INTERVAL_MS) await loadKeys(db);
  return keys.get(kid);
}

/**
 * The caller an access token proves, or null for any token that is malformed, not signed by one of our
 * keys with EdDSA (so `alg: none` and swapped algorithms fail), expired, or for another issuer or
 * audience. Whether its session was revoked is the caller middleware's one check.
 */
export async function fromAccessToken(token: string, db: Database, origin: string): Promise<Caller | null> {
  const known = recall(token);
  if (known !== undefined) return known;
  const caller = await verifySignedToken(token, db, origin);
  if (caller) remember(token, caller, caller.session.expiresAt.getTime());
  return caller;
}

async function verifySignedToken(token: string, db: Database, origin: string): Promise<Caller | null> {
  let kid: string | undefined;
  try {
    kid = decodeProtectedHeader(token).kid;
  } catch {
    return null;
  }
  if (!kid) return null;
  const key = await publicKeyFor(kid, db);
  if (!key) return null;

  let payload: JWTPayload & Partial<AccessTokenClaims>;
  try {
    ({ payload } = await jwtVerify<Partial<AccessTokenClaims>>(token, key, {
      algorithms: [ACCESS_TOKEN_ALGORITHM],
      issuer: origin,
      audience: origin,
      requiredClaims: ["sub", "exp", "sid"],
    }));
  } catch {
    return null;
  }
  const { sub, exp, sid } = payload;
  if (!sub || !exp || !sid) return null;
  if ("azp" in payload) return widgetCaller(payload, sub, sid, new Date(exp * 1000));
  return callerFrom(
    {
      ...payload,
      id: sub,
      email: payload.email ?? "",
      name: payload.name ?? "",
      emailVerified: payload.email_verified ?? false,
      phoneNumberVerified: payload.phone_verified ?? false,
    },
    { id: sid, expiresAt: new Date(exp * 1000) },
    "access-token",
  );
}
