/** Creates the users tests act as: each with a random email, through the real sign-up endpoint. */
import { expect } from "vitest";
import { CookieJar } from "./cookies";
import { expectProblem } from "./problem";
import { uniqueName } from "./unique-name";
import { callWorker, ORIGIN } from "./worker";

export interface TestAccount {
  email: string;
  password: string;
  userId: string;
  token: string;
  /** `name=value` of the session cookie, ready for a `cookie` header. */
  cookie: string;
  /** Every cookie the sign-up set (the session and its signed cache), kept as a browser keeps them. */
  browser: CookieJar;
}

/** Who sends a request, and from where. */
export interface Client {
  /** Headers the client sends (`user-agent`) or Cloudflare's edge adds (`cf-connecting-ip`). */
  headers?: Record<string, string>;
  /** What the edge tells the Worker about the client (`request.cf`): country, timezone. */
  cf?: Record<string, string>;
  /** The Worker that answers; default `callWorker`, or e.g. an isolated worker on another database. */
  call?: (path: string, init?: RequestInit) => Promise<Response>;
}

function post(path: string, body: unknown, { headers, cf, call = callWorker }: Client): Promise<Response> {
  const init = jsonRequest("POST", body, headers);
  return call(path, cf ? ({ ...init, cf } as RequestInit) : init);
}

export function newEmail(): string {
  return `${uniqueName("learner")}@example.com`;
}

export function jsonRequest(method: string, body: unknown, headers: Record<string, string> = {}): RequestInit {
  return { method, headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) };
}

export function bearer(account: Pick<TestAccount, "token">): Record<string, string> {
  return { authorization: `Bearer ${account.token}` };
}

/** The session cookie from a response's Set-Cookie headers, as `name=value`. */
export function sessionCookie(response: Response): string {
  const cookie = response.headers.getSetCookie().find((value) => value.includes("session_token="));
  expect(cookie, "a session cookie").toBeDefined();
  return cookie?.split(";")[0] ?? "";
}

export async function signUp(
  profile: { software_level?: string; hardware_background?: string } = {},
  client: Client = {},
): Promise<TestAccount> {
  const email = newEmail();
  const password = "correct horse battery staple";
  const response = await post(
    "/api/auth/signup",
    { email, password, software_level: "beginner", hardware_background: "robotics", ...profile },
    client,
  );
  expect(response.status).toBe(201);
  const body = (await response.json()) as { user_id: string; session_token: string };
  return {
    email,
    password,
    userId: body.user_id,
    token: body.session_token,
    cookie: sessionCookie(response),
    browser: new CookieJar().take(response),
  };
}

/** The caller's user as Better Auth answers get-session from the database (past any cookie cache). */
export async function sessionUser<T = Record<string, unknown>>(token: string): Promise<T> {
  const response = await callWorker("/api/auth/get-session?disableCookieCache=true", { headers: bearer({ token }) });
  return ((await response.json()) as { user: T }).user;
}

/** A short-lived access token (what a widget sends) for a session token. */
export async function accessToken(sessionToken: string): Promise<string> {
  const response = await callWorker("/api/auth/token", { headers: bearer({ token: sessionToken }) });
  expect(response.status).toBe(200);
  return ((await response.json()) as { token: string }).token;
}

/** Whether the account's email is verified, as get-session reads it from the database. */
export async function emailVerified(token: string): Promise<boolean> {
  return (await sessionUser<{ emailVerified: boolean }>(token)).emailVerified;
}

/** Signs in again with the account's password; the raw answer, for tests of refusals. */
export function signIn(account: Pick<TestAccount, "email" | "password">, client: Client = {}): Promise<Response> {
  return post("/api/auth/signin", { email: account.email, password: account.password }, client);
}

/** Both sign-ins, ours and Better Auth's own (through its handler), refuse the account with `code`. */
export async function expectSignInRefused(
  account: Pick<TestAccount, "email" | "password">,
  status: number,
  code: string,
) {
  await expectProblem(await signIn(account), status, code);
  await expectProblem(
    await callWorker(
      "/api/auth/sign-in/email",
      jsonRequest("POST", { email: account.email, password: account.password }, { origin: ORIGIN }),
    ),
    status,
    code,
  );
}
