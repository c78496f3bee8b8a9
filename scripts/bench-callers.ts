/**
 * The callers `npm run bench` drives the edge path with: an account signed up with a background, allowed
 * the embedding site two fields, with its cookie, session token, access token and the site's token, and
 * those credentials renewed as a browser and a widget renew theirs.
 */
import { nextClientIp } from "./bench-worker.ts";

/** wrangler.toml's embedding site (the demo widget's origin). */
export const SITE = "http://localhost:8788";

/** A token minted for the embedding site with the session token, as a widget's page asks for one. */
async function mintSiteToken(origin: string, sessionToken: string): Promise<string> {
  const response = await fetch(`${origin}/api/auth/token`, {
    headers: { authorization: `Bearer ${sessionToken}`, origin: SITE },
  });
  if (response.status !== 200) throw new Error(`site token: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { token: string }).token;
}

export interface Caller {
  cookie: string;
  sessionToken: string;
  accessToken: string;
  /** An access token minted for the embedding site, which the user allowed some fields. */
  siteToken: string;
  email: string;
  password: string;
}

export async function signUp(origin: string): Promise<Caller> {
  const email = `bench-${crypto.randomUUID()}@example.com`;
  const password = "a sturdy benchmark passphrase";
  const response = await fetch(`${origin}/api/auth/signup`, {
    method: "POST",
    headers: { "content-type": "application/json", "cf-connecting-ip": nextClientIp() },
    body: JSON.stringify({ email, password, software_level: "intermediate", hardware_background: "robotics" }),
  });
  if (response.status !== 201) throw new Error(`sign-up failed: ${response.status} ${await response.text()}`);
  const { session_token } = (await response.json()) as { session_token: string };
  const cookie = response.headers
    .getSetCookie()
    .map((value) => value.split(";")[0])
    .join("; ");
  const token = await fetch(`${origin}/api/auth/token`, { headers: { authorization: `Bearer ${session_token}` } });
  const { token: accessToken } = (await token.json()) as { token: string };
  // The user allows the site two of the three fields: the context it reads is filtered.
  const consents = await fetch(`${origin}/api/user/consents`, {
    method: "PUT",
    headers: { "content-type": "application/json", authorization: `Bearer ${session_token}` },
    body: JSON.stringify({ consents: [{ origin: SITE, fields: ["software_level", "notes"] }] }),
  });
  if (consents.status !== 200) throw new Error(`consents: ${consents.status} ${await consents.text()}`);
  const siteToken = await mintSiteToken(origin, session_token);
  return { cookie, sessionToken: session_token, accessToken, siteToken, email, password };
}

/**
 * Renews the caller's cookie cache and access token, as a browser and a widget do as they go: autocannon
 * replays fixed headers, and a cache older than the freshness bound would send every request to the database.
 */
export async function renew(origin: string, caller: Caller): Promise<Caller> {
  const session = await fetch(`${origin}/api/auth/get-session?disableCookieCache=true`, {
    headers: { cookie: caller.cookie },
  });
  const renewed = new Map(caller.cookie.split("; ").map((pair) => [pair.slice(0, pair.indexOf("=")), pair] as const));
  for (const header of session.headers.getSetCookie()) {
    const pair = header.split(";")[0] ?? "";
    renewed.set(pair.slice(0, pair.indexOf("=")), pair);
  }
  const token = await fetch(`${origin}/api/auth/token`, {
    headers: { authorization: `Bearer ${caller.sessionToken}` },
  });
  const { token: accessToken } = (await token.json()) as { token: string };
  const siteToken = await mintSiteToken(origin, caller.sessionToken);
  return { ...caller, cookie: [...renewed.values()].join("; "), accessToken, siteToken };
}
