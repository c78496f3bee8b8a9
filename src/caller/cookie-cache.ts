/**
 * A browser's signed cookie cache, read with Better Auth's own `getCookieCache` but without its endpoint
 * machinery (the warm path's main cost), and verified once per isolate. It must belong to the session
 * cookie sent with it.
 */
import type { BetterAuthOptions } from "better-auth";
import { getCookieCache, getCookies, parseCookies } from "better-auth/cookies";
import { base64url } from "jose";
import { type Caller, callerFrom, type UserRecord } from "./caller";
import { recall, remember } from "./verified-credentials";

/** The compact cookie cache's own expiry (epoch ms), read from a value `getCookieCache` has verified. */
function cacheExpiry(value: string): number {
  try {
    const { expiresAt } = JSON.parse(new TextDecoder().decode(base64url.decode(value))) as { expiresAt?: unknown };
    return typeof expiresAt === "number" ? expiresAt : 0;
  } catch {
    return 0;
  }
}

export async function fromCookieCache(
  request: Request,
  options: BetterAuthOptions,
  secret: string,
): Promise<Caller | null> {
  const { sessionToken, sessionData } = getCookies(options);
  const cookies = parseCookies(request.headers.get("cookie") ?? "");
  const sessionCookie = cookies.get(sessionToken.name);
  const cacheValue = cookies.get(sessionData.name);
  if (!sessionCookie || !cacheValue) return null;

  const credential = `${sessionCookie}|${cacheValue}`;
  const known = recall(credential);
  if (known !== undefined) return known;
  const isSecure = sessionData.attributes.secure ?? false;
  // A mangled cache is no cache: Better Auth's decoder throws on one (invalid base64), which is no server fault.
  const cached = await getCookieCache(request, { secret, strategy: "compact", isSecure }).catch(() => null);
  if (!cached || sessionCookie.split(".")[0] !== cached.session.token) return null;
  // The cache holds, signed, the user row Better Auth read from our schema: its extra fields are ours.
  const found = callerFrom(cached.user as UserRecord, cached.session, "cookie");
  remember(credential, found, cacheExpiry(cacheValue));
  return found;
}
