/**
 * Keeps an access token for the API (a short-lived JWT from GET /api/auth/token) and renews it before it
 * expires: at 80% of its life, on the next call that needs it. An embedding site's token mints its
 * successor; other tokens, and a site's that cannot (it lapsed, the grant or session ended), ask the
 * session itself: the cookie, or the session token.
 */

interface Claims {
  /** Seconds since the epoch. */
  issuedAt: number;
  expiresAt: number;
  /** Minted for an embedding site (`azp`): such a token mints its successor; others need the session. */
  forSite: boolean;
}

/** The claims the kit schedules by; not verified (the API verifies, the client only schedules). */
function claimsOf(token: string): Claims | null {
  try {
    const payload = token.split(".")[1] ?? "";
    const base64 = payload.replaceAll("-", "+").replaceAll("_", "/");
    const json = atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, "="));
    const { iat, exp, azp } = JSON.parse(json) as { iat?: unknown; exp?: unknown; azp?: unknown };
    if (typeof exp !== "number") return null;
    return { issuedAt: typeof iat === "number" ? iat : exp - 60, expiresAt: exp, forSite: typeof azp === "string" };
  } catch {
    return null;
  }
}

/** Of a token's life, the share after which it is renewed before use. */
const RENEW_AT = 0.8;

export interface TokenSource {
  baseURL: string;
  fetch: typeof fetch;
  /** The session token, for callers without the session cookie (another site, an app); else the cookie is sent. */
  sessionToken: () => string | null | undefined;
}

export class AccessTokenKeeper {
  #token: string | null = null;
  #forSite = false;
  /** The held token's `exp`, in the API's seconds. */
  #expiresAt: number | null = null;
  #renewAt = 0;
  #pending: Promise<string> | null = null;
  readonly #source: TokenSource;

  constructor(source: TokenSource) {
    this.#source = source;
  }

  /** A token good for now, renewed first if it is near its end. */
  async get(): Promise<string> {
    if (this.#token && Date.now() < this.#renewAt) return this.#token;
    return this.renew();
  }

  /** A new token, whatever the current one's age; concurrent callers share one request. */
  renew(): Promise<string> {
    this.#pending ??= this.#mint().finally(() => {
      this.#pending = null;
    });
    return this.#pending;
  }

  /** Takes a token the API handed out with an answer (`set-auth-jwt`, after a change to the profile). */
  take(token: string | null): void {
    if (!token) return;
    const claims = claimsOf(token);
    // A late answer's token, older than the one held, is not taken back.
    if (claims && this.#expiresAt !== null && claims.expiresAt < this.#expiresAt) return;
    this.#token = token;
    this.#forSite = claims?.forSite ?? false;
    this.#expiresAt = claims?.expiresAt ?? null;
    // Timed by this machine's clock from the token's lifetime, not its timestamps: a client whose clock is off
    // would otherwise renew on every call, or only after the API refused the token.
    this.#renewAt = claims ? Date.now() + (claims.expiresAt - claims.issuedAt) * RENEW_AT * 1000 : Date.now();
  }

  /** Forgets the token (after a sign-out): the next call mints from the session, or fails. */
  clear(): void {
    this.#token = null;
    this.#forSite = false;
    this.#expiresAt = null;
    this.#renewAt = 0;
  }

  async #mint(): Promise<string> {
    const current = this.#token;
    if (current && this.#forSite) {
      const successor = await this.#request({ authorization: `Bearer ${current}` });
      if (successor) return successor;
    }
    const sessionToken = this.#source.sessionToken();
    const minted = await this.#request(sessionToken ? { authorization: `Bearer ${sessionToken}` } : {});
    if (minted) return minted;
    this.clear();
    throw new PersonaSignedOutError();
  }

  async #request(headers: Record<string, string>): Promise<string | null> {
    // The session cookie goes along where it reaches (the same site); a variable, not a literal, since
    // Workers' RequestInit (the kit also runs there) has no `credentials`.
    const init = { headers, credentials: "include" as const };
    const response = await this.#source.fetch(`${this.#source.baseURL}/api/auth/token`, init);
    if (response.status === 401) return null;
    if (!response.ok) throw new PersonaApiError(response.status, await response.text());
    const { token } = (await response.json()) as { token: string };
    this.take(token);
    return token;
  }
}

/** No session to mint a token from: the user is signed out, or the session ended. */
export class PersonaSignedOutError extends Error {
  constructor() {
    super("Not signed in: no session to get an access token from.");
    this.name = "PersonaSignedOutError";
  }
}

/** The API answered with an error other than 401 while a token was minted. */
export class PersonaApiError extends Error {
  readonly status: number;
  /** The problem document (JSON text) the API answered with. */
  readonly body: string;

  constructor(status: number, body: string) {
    super(`The API answered ${status}.`);
    this.name = "PersonaApiError";
    this.status = status;
    this.body = body;
  }
}
