/**
 * A stand-in for GitHub as an OAuth provider: its web flow on github.com and its REST API on api.github.com,
 * answered in Node at the tests' outbound fetch (test/fakes/outbound.ts). Tests create GitHub users with
 * `POST https://github.com/__fake/users` and then act as a browser signed in to GitHub as one of them.
 */

/** The OAuth app the Worker is configured with (its GITHUB_CLIENT_ID / GITHUB_CLIENT_SECRET). */
export interface FakeGitHubApp {
  clientId: string;
  clientSecret: string;
  /** The app's registered callback URL: GitHub sends codes nowhere else. */
  callbackUrl: string;
}

/** What a test says about the GitHub user it creates. */
export interface FakeGitHubUserInput {
  email: string;
  verified: boolean;
  login?: string;
  name?: string | null;
  /** GitHub's token endpoint fails with a 500 for every code issued to this user. */
  failTokenExchange?: boolean;
}

interface GitHubUser extends FakeGitHubUserInput {
  id: number;
  login: string;
}

interface Grant {
  user: GitHubUser;
  redirectUri: string;
  scopes: string[];
  codeChallenge: string | null;
  expiresAt: number;
}

/** The browser's GitHub session cookie: who is signed in at github.com. */
export const GITHUB_SESSION_COOKIE = "user_session";
/** GitHub's codes expire after 10 minutes. */
const CODE_LIFETIME_MS = 10 * 60_000;
const HOSTS = new Set(["github.com", "api.github.com"]);

const json = (body: unknown, status = 200) => Response.json(body, { status });

/** GitHub's token endpoint reports errors with status 200 and an `error` field. */
const tokenError = (error: string, description: string) =>
  json({ error, error_description: description, error_uri: "https://docs.github.com/apps/oauth" });

const randomHex = (bytes: number) => Buffer.from(crypto.getRandomValues(new Uint8Array(bytes))).toString("hex");

async function s256(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier));
  return Buffer.from(digest).toString("base64url");
}

function cookie(request: Request, name: string): string | undefined {
  for (const pair of request.headers.get("cookie")?.split(";") ?? []) {
    const [key, ...value] = pair.trim().split("=");
    if (key === name) return value.join("=");
  }
  return undefined;
}

async function formOrJson(request: Request): Promise<URLSearchParams> {
  if (request.headers.get("content-type")?.includes("application/json")) {
    return new URLSearchParams((await request.json()) as Record<string, string>);
  }
  return new URLSearchParams(await request.text());
}

export function createFakeGitHub(app: FakeGitHubApp) {
  // State for the whole run, in Node memory; every key is random, so test files never see each other's.
  const usersBySession = new Map<string, GitHubUser>();
  const grants = new Map<string, Grant>();
  const tokens = new Map<string, { user: GitHubUser; scopes: string[] }>();
  let nextId = 1;

  async function createUser(request: Request): Promise<Response> {
    const input = (await request.json()) as FakeGitHubUserInput;
    const id = nextId++;
    const user: GitHubUser = { ...input, id, login: input.login ?? `octo-${id}`, name: input.name ?? null };
    const session = randomHex(16);
    usersBySession.set(session, user);
    return json({ id, login: user.login, session }, 201);
  }

  function authorize(request: Request, url: URL): Response {
    const query = url.searchParams;
    if (query.get("client_id") !== app.clientId) return new Response("Not Found", { status: 404 });
    const redirectUri = query.get("redirect_uri") ?? app.callbackUrl;
    const back = new URL(app.callbackUrl);
    if (redirectUri !== app.callbackUrl) {
      back.search = new URLSearchParams({
        error: "redirect_uri_mismatch",
        error_description: "The redirect_uri is not associated with this application.",
        state: query.get("state") ?? "",
      }).toString();
      return Response.redirect(back.href, 302);
    }
    const user = usersBySession.get(cookie(request, GITHUB_SESSION_COOKIE) ?? "");
    if (!user) return Response.redirect(`https://github.com/login?return_to=${encodeURIComponent(url.href)}`, 302);
    const code = randomHex(10);
    grants.set(code, {
      user,
      redirectUri,
      scopes: (query.get("scope") ?? "").split(/[\s,]+/).filter(Boolean),
      codeChallenge: query.get("code_challenge_method") === "S256" ? query.get("code_challenge") : null,
      expiresAt: Date.now() + CODE_LIFETIME_MS,
    });
    back.search = new URLSearchParams({ code, state: query.get("state") ?? "" }).toString();
    return Response.redirect(back.href, 302);
  }

  async function accessToken(request: Request): Promise<Response> {
    const form = await formOrJson(request);
    if (form.get("client_id") !== app.clientId || form.get("client_secret") !== app.clientSecret) {
      return tokenError("incorrect_client_credentials", "The client_id and/or client_secret passed are incorrect.");
    }
    const code = form.get("code") ?? "";
    const grant = grants.get(code);
    grants.delete(code); // a code works once, whatever the outcome
    if (grant?.user.failTokenExchange) return new Response("Internal Server Error", { status: 500 });
    if (!grant || grant.expiresAt < Date.now()) {
      return tokenError("bad_verification_code", "The code passed is incorrect or expired.");
    }
    if (form.get("redirect_uri") !== grant.redirectUri) {
      return tokenError("redirect_uri_mismatch", "The redirect_uri MUST match the registered callback URL.");
    }
    if (grant.codeChallenge && (await s256(form.get("code_verifier") ?? "")) !== grant.codeChallenge) {
      return tokenError("bad_verification_code", "The code_verifier does not match the code_challenge.");
    }
    const token = `gho_${randomHex(18)}`;
    tokens.set(token, { user: grant.user, scopes: grant.scopes });
    const answer = { access_token: token, token_type: "bearer", scope: grant.scopes.join(",") };
    // Without `Accept: application/json` GitHub answers form-encoded.
    if (request.headers.get("accept")?.includes("application/json")) return json(answer);
    return new Response(new URLSearchParams(answer).toString(), {
      headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8" },
    });
  }

  function api(request: Request, url: URL): Response {
    const credential = request.headers.get("authorization")?.match(/^(?:bearer|token)\s+(\S+)$/i)?.[1];
    const grant = tokens.get(credential ?? "");
    if (!grant) return json({ message: "Bad credentials", documentation_url: "https://docs.github.com/rest" }, 401);
    const { user, scopes } = grant;
    if (request.method === "GET" && url.pathname === "/user") {
      return json({
        login: user.login,
        id: user.id,
        avatar_url: `https://avatars.githubusercontent.com/u/${user.id}?v=4`,
        html_url: `https://github.com/${user.login}`,
        type: "User",
        name: user.name,
        // The public email; most users keep theirs private, so clients read /user/emails.
        email: null,
      });
    }
    if (request.method === "GET" && url.pathname === "/user/emails") {
      // Listing emails needs the user:email scope; GitHub answers 404 without it.
      if (!scopes.includes("user:email")) return json({ message: "Not Found" }, 404);
      return json([{ email: user.email, primary: true, verified: user.verified, visibility: "private" }]);
    }
    return json({ message: "Not Found" }, 404);
  }

  return {
    handles: (url: URL) => HOSTS.has(url.hostname),

    async fetch(request: Request): Promise<Response> {
      const url = new URL(request.url);
      const route = `${request.method} ${url.hostname}${url.pathname}`;
      if (route === "POST github.com/__fake/users") return createUser(request);
      if (route === "GET github.com/login/oauth/authorize") return authorize(request, url);
      if (route === "POST github.com/login/oauth/access_token") return accessToken(request);
      if (url.hostname === "api.github.com") return api(request, url);
      return new Response("Not Found", { status: 404 });
    },
  };
}
