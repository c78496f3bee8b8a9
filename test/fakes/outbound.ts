/**
 * The tests' network edge: every fetch made in workerd (by the Worker or by a test) arrives here, in Node,
 * through miniflare's `outboundService`. Faked providers (GitHub, Firebase, Twilio) answer their own hosts; everything else (the local
 * Neon endpoint, the mail sink) passes through unchanged.
 */
import { createFakeFcm, type FakeServiceAccount } from "./fake-fcm.ts";
import { createFakeGitHub, type FakeGitHubApp } from "./fake-github.ts";
import { fakePwnedPasswords, PWNED_PASSWORDS_HOST } from "./fake-pwned-passwords.ts";
import { createFakeTwilio, type FakeTwilioAccount } from "./fake-twilio.ts";

/**
 * Sends the request on as the Worker made it and hands back the server's answer as it came. (Node's fetch
 * decodes a compressed body but keeps its Content-Encoding; miniflare encodes it again on the way back.)
 */
async function passThrough(request: Request): Promise<Response> {
  const hasBody = request.method !== "GET" && request.method !== "HEAD";
  return fetch(request.url, {
    method: request.method,
    headers: request.headers,
    body: hasBody ? await request.arrayBuffer() : undefined,
    // workerd follows redirects itself, each hop coming through here again.
    redirect: "manual",
  });
}

export function outboundService(github: FakeGitHubApp, firebase: FakeServiceAccount, twilio: FakeTwilioAccount) {
  const fakeGitHub = createFakeGitHub(github);
  const fakeFcm = createFakeFcm(firebase);
  const fakeTwilio = createFakeTwilio(twilio);
  return async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    if (fakeGitHub.handles(url)) return fakeGitHub.fetch(request);
    if (fakeFcm.handles(url)) return fakeFcm.fetch(request);
    if (fakeTwilio.handles(url)) return fakeTwilio.fetch(request);
    if (url.hostname === PWNED_PASSWORDS_HOST) return fakePwnedPasswords(url);
    return passThrough(request);
  };
}
