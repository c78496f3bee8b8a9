/**
 * Signs in with GitHub the way a browser does: our sign-in endpoint, GitHub's authorize page (the fake in
 * test/fakes/fake-github.ts, reached through the real outbound fetch), then our callback with the cookies kept.
 */
import { expect } from "vitest";
import { type FakeGitHubUserInput, GITHUB_SESSION_COOKIE } from "../fakes/fake-github";
import { newEmail } from "./accounts";
import { CookieJar } from "./cookies";
import { callWorker, ORIGIN } from "./worker";

export interface GitHubUser {
  id: number;
  login: string;
  email: string;
  /** The browser's session at github.com: who GitHub thinks is signing in. */
  session: string;
}

/** Our callback's answer: always a redirect, to the callbackURL (signed in) or to an error page. */
export interface CallbackOutcome {
  response: Response;
  location: URL;
  /** The browser's cookies for our origin afterwards. */
  jar: CookieJar;
}

/** Creates a user at the fake GitHub; by default with a fresh, verified email. */
export async function gitHubUser(input: Partial<FakeGitHubUserInput> = {}): Promise<GitHubUser> {
  const user = { email: newEmail(), verified: true, ...input };
  const response = await fetch("https://github.com/__fake/users", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(user),
  });
  expect(response.status).toBe(201);
  return { ...((await response.json()) as Omit<GitHubUser, "email">), email: user.email };
}

/** POST /api/auth/sign-in/social from a page on our origin; the jar keeps the state cookie it sets. */
export async function startSignIn(jar: CookieJar, body: Record<string, unknown>): Promise<Response> {
  const response = await callWorker("/api/auth/sign-in/social", {
    method: "POST",
    headers: { "content-type": "application/json", origin: ORIGIN, ...jar.header },
    body: JSON.stringify(body),
  });
  jar.take(response);
  return response;
}

/** Opens GitHub's authorize URL as `user` would: GitHub redirects back to our callback with code and state. */
export async function authorizeAtGitHub(authorizeUrl: string, user: GitHubUser): Promise<URL> {
  const response = await fetch(authorizeUrl, {
    headers: { cookie: `${GITHUB_SESSION_COOKIE}=${user.session}` },
    redirect: "manual",
  });
  expect(response.status).toBe(302);
  return new URL(response.headers.get("location") ?? "");
}

/** Starts a sign-in and lets `user` authorize it at GitHub: the callback URL GitHub sends the browser to. */
export async function authorizedCallback(
  user: GitHubUser,
  body: Record<string, unknown> = {},
  jar = new CookieJar(),
): Promise<{ jar: CookieJar; authorizeUrl: URL; callback: URL }> {
  const started = await startSignIn(jar, { provider: "github", callbackURL: `${ORIGIN}/after`, ...body });
  expect(started.status).toBe(200);
  const { url } = (await started.json()) as { url: string };
  return { jar, authorizeUrl: new URL(url), callback: await authorizeAtGitHub(url, user) };
}

/** Calls our callback (the URL GitHub redirected to) with the browser's cookies. */
export async function followCallback(callback: URL, jar: CookieJar): Promise<CallbackOutcome> {
  expect(callback.origin).toBe(ORIGIN);
  const response = await callWorker(`${callback.pathname}${callback.search}`, {
    headers: jar.header,
    redirect: "manual",
  });
  jar.take(response);
  expect(response.status).toBe(302);
  return { response, location: new URL(response.headers.get("location") ?? ""), jar };
}

/** The whole round trip for `user`, from our sign-in endpoint to our callback's redirect. */
export async function signInWithGitHub(user: GitHubUser, body: Record<string, unknown> = {}) {
  const { callback, jar } = await authorizedCallback(user, body);
  return followCallback(callback, jar);
}
