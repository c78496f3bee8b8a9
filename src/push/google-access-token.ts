/**
 * OAuth access tokens for a Google service account (the JWT bearer grant): the assertion is signed in the
 * Worker with the account's RS256 key, and the token is kept per isolate until five minutes before it
 * expires, so one exchange serves every push of the next hour.
 */
import { importPKCS8, SignJWT } from "jose";

export interface ServiceAccount {
  project_id: string;
  client_email: string;
  private_key: string;
  token_uri: string;
}

export const FCM_SCOPE = "https://www.googleapis.com/auth/firebase.messaging";

/** Google allows assertions of at most an hour. */
const ASSERTION_SECONDS = 3600;
/** A token this close to expiring is replaced, so none expires between its check and its use. */
const EARLY_RENEWAL_MS = 5 * 60_000;

interface CachedToken {
  account: string;
  token: Promise<{ value: string; expiresAt: number }>;
}

// Isolate-wide: one exchange per hour per isolate, however many pushes it sends.
let cached: CachedToken | undefined;

export class AccessTokenError extends Error {
  override name = "AccessTokenError";
}

async function exchange(account: ServiceAccount): Promise<{ value: string; expiresAt: number }> {
  const key = await importPKCS8(account.private_key, "RS256");
  const assertion = await new SignJWT({ scope: FCM_SCOPE })
    .setProtectedHeader({ alg: "RS256", typ: "JWT" })
    .setIssuer(account.client_email)
    .setAudience(account.token_uri)
    .setIssuedAt()
    .setExpirationTime(`${ASSERTION_SECONDS}s`)
    .sign(key);
  const response = await fetch(account.token_uri, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "urn:ietf:params:oauth:grant-type:jwt-bearer", assertion }),
  });
  if (!response.ok) {
    // Google's error body names the problem (invalid_grant: a revoked key, a clock off) and holds no secret.
    throw new AccessTokenError(`token exchange refused: ${response.status} ${(await response.text()).slice(0, 200)}`);
  }
  const body = (await response.json()) as { access_token?: unknown; expires_in?: unknown };
  if (typeof body.access_token !== "string" || typeof body.expires_in !== "number") {
    throw new AccessTokenError("token exchange answered without access_token and expires_in");
  }
  return { value: body.access_token, expiresAt: Date.now() + body.expires_in * 1000 };
}

/** A valid access token for the account; concurrent callers share one exchange. */
export async function googleAccessToken(account: ServiceAccount): Promise<string> {
  const id = `${account.client_email} ${account.token_uri}`;
  if (cached?.account === id) {
    try {
      const token = await cached.token;
      if (token.expiresAt - EARLY_RENEWAL_MS > Date.now()) return token.value;
    } catch {
      // A failed exchange is not kept: the next caller tries again.
    }
  }
  const entry: CachedToken = { account: id, token: exchange(account) };
  cached = entry;
  try {
    return (await entry.token).value;
  } catch (error) {
    if (cached === entry) cached = undefined;
    if (error instanceof AccessTokenError) throw error;
    // A network failure, or a private key that does not import; neither message holds the key.
    throw new AccessTokenError(`token exchange failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Forgets the cached token: FCM refused it (revoked, or the account's key rotated). */
export function forgetAccessToken(): void {
  cached = undefined;
}
