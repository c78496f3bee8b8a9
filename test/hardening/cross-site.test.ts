/**
 * Cross-site requests that would change state are refused before they touch anything: a foreign or
 * `null` Origin, or a browser saying `Sec-Fetch-Site: cross-site`, on our routes and Better Auth's.
 */
import { describe, expect, it } from "vitest";
import { bearer, jsonRequest, newEmail, signUp } from "../helpers/accounts";
import { expectProblem } from "../helpers/problem";
import { callWorker, ORIGIN } from "../helpers/worker";

const FOREIGN = "https://evil.example";

const profileOf = async (headers: Record<string, string>) =>
  (await (await callWorker("/api/user/profile", { headers })).json()) as { software_level: string };

const change = (headers: Record<string, string>) =>
  callWorker("/api/user/profile", jsonRequest("PATCH", { software_level: "advanced" }, headers));

describe("a state-changing request from another site", () => {
  it.each([
    ["a foreign Origin", { origin: FOREIGN }],
    ["a null Origin (sandboxed frame, file:)", { origin: "null" }],
    ["Sec-Fetch-Site: cross-site without Origin", { "sec-fetch-site": "cross-site" }],
    ["a foreign Origin that merely starts like ours", { origin: `${ORIGIN}.evil.example` }],
  ])("with %s is 403 and changes nothing (cookie session)", async (_, headers) => {
    const account = await signUp();
    await expectProblem(await change({ cookie: account.cookie, ...headers }), 403, "CROSS_SITE_REQUEST");
    expect((await profileOf(bearer(account))).software_level).toBe("beginner");
  });

  it("as a text/plain form post (a simple request, no preflight) is 403", async () => {
    const account = await signUp();
    const response = await callWorker("/api/user/profile", {
      method: "PUT",
      headers: { cookie: account.cookie, origin: FOREIGN, "content-type": "text/plain" },
      body: JSON.stringify({ software_level: "advanced", hardware_background: "none" }),
    });
    await expectProblem(response, 403, "CROSS_SITE_REQUEST");
    expect((await profileOf(bearer(account))).software_level).toBe("beginner");
  });

  it("is refused on Better Auth's routes too: sign-out keeps the session, sign-in creates none", async () => {
    const account = await signUp();
    const signOut = await callWorker("/api/auth/sign-out", {
      method: "POST",
      headers: { cookie: account.cookie, origin: FOREIGN },
    });
    await expectProblem(signOut, 403, "CROSS_SITE_REQUEST");
    expect((await callWorker("/api/user/profile", { headers: bearer(account) })).status).toBe(200);

    const signIn = await callWorker(
      "/api/auth/sign-in/email",
      jsonRequest("POST", { email: account.email, password: account.password }, { origin: FOREIGN }),
    );
    await expectProblem(signIn, 403, "CROSS_SITE_REQUEST");
    expect(signIn.headers.getSetCookie()).toEqual([]);

    const signUpFromAfar = await callWorker(
      "/api/auth/signup",
      jsonRequest(
        "POST",
        { email: newEmail(), password: "a sturdy passphrase", software_level: "beginner", hardware_background: "none" },
        { "sec-fetch-site": "cross-site" },
      ),
    );
    await expectProblem(signUpFromAfar, 403, "CROSS_SITE_REQUEST");
  });
});

describe("requests that are not cross-site", () => {
  it.each([
    ["the API's own origin", { origin: ORIGIN, "sec-fetch-site": "same-origin" }],
    ["a trusted frontend (TRUSTED_ORIGINS)", { origin: "http://localhost:3000", "sec-fetch-site": "cross-site" }],
    ["no Origin at all (curl, servers)", {}],
  ])("from %s go through", async (_, headers) => {
    const account = await signUp();
    expect((await change({ ...bearer(account), ...headers })).status).toBe(200);
    expect((await profileOf(bearer(account))).software_level).toBe("advanced");
  });

  it("reads are never refused, whatever the origin (the browser keeps the answer from foreign sites)", async () => {
    const account = await signUp();
    const response = await callWorker("/api/user/profile", { headers: { ...bearer(account), origin: FOREIGN } });
    expect(response.status).toBe(200);
  });
});
