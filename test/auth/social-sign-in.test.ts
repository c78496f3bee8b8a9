/**
 * Social sign-in with GitHub, end to end: the real Worker and Better Auth, a fake GitHub answering at the
 * network edge (test/fakes/fake-github.ts), the browser's cookies kept between steps.
 */
import { describe, expect, it } from "vitest";
import { personalizationNotes } from "../../src/personalization/notes";
import { bearer, emailVerified, jsonRequest, signUp, type TestAccount } from "../helpers/accounts";
import { CookieJar } from "../helpers/cookies";
import {
  authorizedCallback,
  type CallbackOutcome,
  followCallback,
  gitHubUser,
  signInWithGitHub,
  startSignIn,
} from "../helpers/github";
import { followLink, linkIn, waitForMail } from "../helpers/mail";
import { expectProblem } from "../helpers/problem";
import { callWorker, ORIGIN } from "../helpers/worker";

const AFTER = `${ORIGIN}/after`;
/** Better Auth's own error page, where a failed callback lands when the client named no errorCallbackURL. */
const ERROR_PAGE = `${ORIGIN}/api/auth/error`;

async function linkedProviders(headers: Record<string, string>): Promise<string[]> {
  const response = await callWorker("/api/auth/list-accounts", { headers });
  expect(response.status).toBe(200);
  return ((await response.json()) as { providerId: string }[]).map((account) => account.providerId).sort();
}

async function signedInUserId(jar: CookieJar): Promise<string | undefined> {
  const response = await callWorker("/api/auth/get-session", { headers: jar.header });
  return ((await response.json()) as { user: { id: string } } | null)?.user.id;
}

/** An email/password account whose address has been confirmed through the mailed link. */
async function verifiedAccount(): Promise<TestAccount> {
  const account = await signUp();
  await followLink(linkIn(await waitForMail(account.email)));
  expect(await emailVerified(account.token)).toBe(true);
  return account;
}

function expectErrorRedirect({ location, jar }: CallbackOutcome, error: string) {
  expect(`${location.origin}${location.pathname}`).toBe(ERROR_PAGE);
  expect(location.searchParams.get("error")).toBe(error);
  expect(jar.has("session_token")).toBe(false);
}

function withParams(url: URL, params: Record<string, string>): URL {
  const changed = new URL(url);
  for (const [name, value] of Object.entries(params)) changed.searchParams.set(name, value);
  return changed;
}

describe("GitHub sign-in: a new user", () => {
  it("starts with a redirect to GitHub carrying state, and a state cookie", async () => {
    const jar = new CookieJar();
    const response = await startSignIn(jar, { provider: "github", callbackURL: AFTER });
    expect(response.status).toBe(200);
    const { url, redirect } = (await response.json()) as { url: string; redirect: boolean };
    expect(redirect).toBe(true);
    const authorize = new URL(url);
    expect(`${authorize.origin}${authorize.pathname}`).toBe("https://github.com/login/oauth/authorize");
    expect(authorize.searchParams.get("state")).toEqual(expect.any(String));
    expect(authorize.searchParams.get("redirect_uri")).toBe(`${ORIGIN}/api/auth/callback/github`);
    expect(jar.has("state")).toBe(true);
  });

  it("creates the user signed in, with no background profile until PUT completes it", async () => {
    const github = await gitHubUser({ name: "Octo Cat" });
    const { location, jar } = await signInWithGitHub(github);
    expect(location.href).toBe(AFTER);
    expect(jar.has("session_token")).toBe(true);

    const session = await callWorker("/api/auth/get-session", { headers: jar.header });
    expect(((await session.json()) as { user: Record<string, unknown> }).user).toMatchObject({
      email: github.email,
      emailVerified: true,
      name: "Octo Cat",
      software_level: null,
    });
    await expectProblem(await callWorker("/api/user/profile", { headers: jar.header }), 404, "PROFILE_NOT_FOUND");
    const neutral = await callWorker("/api/personalization/context", { headers: jar.header });
    expect(await neutral.json()).toEqual({
      user_context: {
        software_level: null,
        hardware_background: null,
        personalization_notes: personalizationNotes(null),
      },
    });

    const completed = await callWorker(
      "/api/user/profile",
      jsonRequest("PUT", { software_level: "advanced", hardware_background: "embedded systems" }, jar.header),
    );
    expect(completed.status).toBe(200);
    jar.take(completed);
    const context = await callWorker("/api/personalization/context", { headers: jar.header });
    expect(await context.json()).toMatchObject({
      user_context: { software_level: "advanced", hardware_background: "embedded systems" },
    });
    expect(await linkedProviders(jar.header)).toEqual(["github"]);
  });

  it("signs a returning GitHub user in to the same account, sending only a new one to newUserCallbackURL", async () => {
    const github = await gitHubUser();
    const urls = { newUserCallbackURL: "http://localhost:3000/welcome" };
    const first = await signInWithGitHub(github, urls);
    expect(first.location.href).toBe("http://localhost:3000/welcome");
    const second = await signInWithGitHub(github, urls);
    expect(second.location.href).toBe(AFTER);
    const userId = await signedInUserId(first.jar);
    expect(userId).toEqual(expect.any(String));
    expect(await signedInUserId(second.jar)).toBe(userId);
    expect(await linkedProviders(second.jar.header)).toEqual(["github"]);
  });
});

describe("GitHub sign-in: linking to an existing account, only by verified email", () => {
  it("links when GitHub and the account have both verified the email", async () => {
    const account = await verifiedAccount();
    const signIn = await signInWithGitHub(await gitHubUser({ email: account.email, verified: true }));
    expect(signIn.location.href).toBe(AFTER);
    expect(await signedInUserId(signIn.jar)).toBe(account.userId);
    expect(await linkedProviders(bearer(account))).toEqual(["credential", "github"]);
    // The existing account keeps its background profile.
    expect((await callWorker("/api/user/profile", { headers: signIn.jar.header })).status).toBe(200);
  });

  it("does not link while the account's own email is unverified, even though GitHub vouches for it", async () => {
    const account = await signUp();
    expectErrorRedirect(
      await signInWithGitHub(await gitHubUser({ email: account.email, verified: true })),
      "account_not_linked",
    );
    expect(await linkedProviders(bearer(account))).toEqual(["credential"]);
  });

  it("does not link when GitHub has not verified the email", async () => {
    const account = await verifiedAccount();
    expectErrorRedirect(
      await signInWithGitHub(await gitHubUser({ email: account.email, verified: false })),
      "account_not_linked",
    );
    expect(await linkedProviders(bearer(account))).toEqual(["credential"]);
  });

  it("sends the refusal to the client's errorCallbackURL when it names one on a trusted origin", async () => {
    const account = await signUp();
    const github = await gitHubUser({ email: account.email });
    const { location } = await signInWithGitHub(github, { errorCallbackURL: "http://localhost:3000/sign-in" });
    expect(location.href).toBe("http://localhost:3000/sign-in?error=account_not_linked");
  });
});

describe("GitHub sign-in: failures end at the error page, signed out", () => {
  it("refuses a forged state", async () => {
    const { callback, jar } = await authorizedCallback(await gitHubUser());
    expectErrorRedirect(await followCallback(withParams(callback, { state: "forged-state" }), jar), "state_mismatch");
  });

  it("refuses a replayed callback", async () => {
    const { callback, jar } = await authorizedCallback(await gitHubUser());
    const before = jar.clone();
    expect((await followCallback(callback, jar)).location.href).toBe(AFTER);
    expectErrorRedirect(await followCallback(callback, before), "state_mismatch");
  });

  it("refuses a callback arriving in a browser that did not start the sign-in", async () => {
    const { callback } = await authorizedCallback(await gitHubUser());
    expectErrorRedirect(await followCallback(callback, new CookieJar()), "state_mismatch");
  });

  it("refuses a wrong code, and a code another sign-in has used", async () => {
    const github = await gitHubUser();
    const wrong = await authorizedCallback(github);
    expectErrorRedirect(
      await followCallback(withParams(wrong.callback, { code: "0123456789abcdef0123" }), wrong.jar),
      "invalid_code",
    );

    const used = await authorizedCallback(github);
    expect((await followCallback(used.callback, used.jar)).location.href).toBe(AFTER);
    // Refused twice over: GitHub's codes work once, and each is bound to its sign-in's PKCE verifier.
    const again = await authorizedCallback(github);
    const usedCode = used.callback.searchParams.get("code") ?? "";
    expectErrorRedirect(
      await followCallback(withParams(again.callback, { code: usedCode }), again.jar),
      "invalid_code",
    );
  });

  it("survives GitHub's token endpoint failing", async () => {
    expectErrorRedirect(await signInWithGitHub(await gitHubUser({ failTokenExchange: true })), "invalid_code");
  });

  it("passes on GitHub's answer when the user denies access", async () => {
    const { authorizeUrl, jar } = await authorizedCallback(await gitHubUser());
    // What GitHub sends the browser back with when the user clicks "Cancel".
    const denied = new URL(`${ORIGIN}/api/auth/callback/github`);
    denied.search = new URLSearchParams({
      error: "access_denied",
      error_description: "The user has denied your application access.",
      state: authorizeUrl.searchParams.get("state") ?? "",
    }).toString();
    const outcome = await followCallback(denied, jar);
    expectErrorRedirect(outcome, "access_denied");
    expect(outcome.location.searchParams.get("error_description")).toBe("The user has denied your application access.");
  });

  it.each(["google", "facebook"])("answers 404 for %s, which is not configured", async (provider) => {
    const jar = new CookieJar();
    const body = await expectProblem(await startSignIn(jar, { provider, callbackURL: AFTER }), 404, "NOT_FOUND");
    expect(body.detail).toBe("Provider not found");
    expect(jar.has("state")).toBe(false);
  });
});

describe("GitHub sign-in: security", () => {
  it.each(["callbackURL", "errorCallbackURL", "newUserCallbackURL"])(
    "refuses a %s on a foreign origin",
    async (field) => {
      const jar = new CookieJar();
      const response = await startSignIn(jar, {
        provider: "github",
        callbackURL: AFTER,
        [field]: "https://evil.example/after",
      });
      await expectProblem(response, 403, "FORBIDDEN");
      expect(response.headers.get("location")).toBeNull();
      expect(jar.has("state")).toBe(false);
    },
  );
});
