/**
 * Consent per embedding site: a widget on another site reads, with a token minted for its origin, only
 * the context fields the user allowed that site, at the edge with no round trip; nothing by default; and
 * no more the moment the user narrows the grant, on this edge. The API's origin and first-party ones read
 * everything, as before.
 */
import { decodeJwt } from "jose";
import { describe, expect, it } from "vitest";
import { bearer, jsonRequest, signUp, type TestAccount } from "../helpers/accounts";
import { stored } from "../helpers/interactions";
import { countedWorker } from "../helpers/neon-local";
import { expectProblem } from "../helpers/problem";
import { callWorker, callWorkerWithEnv, ORIGIN } from "../helpers/worker";

/** wrangler.toml's embedding site (the demo widget) and first-party frontend. */
const SITE = "http://localhost:8788";
const FIRST_PARTY = "http://localhost:3000";

const fromSite = (headers: Record<string, string>, origin = SITE) => ({ ...headers, origin });

async function putConsents(account: TestAccount, consents: { origin: string; fields: string[] }[]) {
  return callWorker(
    "/api/user/consents",
    jsonRequest("PUT", { consents }, { origin: ORIGIN, ...account.browser.header }),
  );
}

/** The widget's token, minted from the site with the session the user's browser holds for the API. */
async function siteToken(account: TestAccount, origin = SITE): Promise<string> {
  const response = await callWorker("/api/auth/token", { headers: fromSite(account.browser.header, origin) });
  expect(response.status).toBe(200);
  return ((await response.json()) as { token: string }).token;
}

const context = (token: string, origin = SITE, query = "") =>
  callWorker(`/api/personalization/context${query}`, { headers: fromSite(bearer({ token }), origin) });

describe("consents per embedding site", () => {
  it("list every embedding site, none allowed anything until the user says so; first-party origins are not listed", async () => {
    const account = await signUp();
    const response = await callWorker("/api/user/consents", { headers: bearer(account) });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ consents: [{ origin: SITE, fields: [], updated_at: null }] });
  });

  it("a site's token carries nothing the user did not allow it: no email, no name, no profile", async () => {
    const account = await signUp({ software_level: "advanced", hardware_background: "robotics" });
    const token = await siteToken(account);
    const claims = decodeJwt(token);
    expect(claims).toMatchObject({ azp: SITE, consent: [], sub: account.userId });
    for (const claim of ["email", "name", "software_level", "hardware_background", "profile_status"]) {
      expect(claims).not.toHaveProperty(claim);
    }
    const answer = await context(token);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ user_context: {} });
  });

  it("an allowed field reaches the widget, warm with no round trip; the notes are written from the allowed fields alone", async () => {
    const account = await signUp({ software_level: "beginner", hardware_background: "embedded systems" });
    const put = await putConsents(account, [{ origin: SITE, fields: ["software_level", "notes"] }]);
    expect(put.status).toBe(200);
    expect(await put.json()).toEqual({
      consents: [{ origin: SITE, fields: ["software_level", "notes"], updated_at: expect.any(String) }],
    });
    const token = await siteToken(account);
    expect(decodeJwt(token)).toMatchObject({ consent: ["software_level", "notes"], software_level: "beginner" });
    expect(decodeJwt(token)).not.toHaveProperty("hardware_background");

    await context(token); // this isolate reads the signing keys once
    const worker = countedWorker("widget_warm");
    const answer = await worker.call("/api/personalization/context?content_type=chat", {
      headers: fromSite(bearer({ token })),
    });
    const { user_context } = (await answer.json()) as { user_context: Record<string, string> };
    expect(await worker.counts()).toMatchObject({ requests: 0 });
    expect(Object.keys(user_context).sort()).toEqual(["personalization_notes", "software_level"]);
    expect(user_context.software_level).toBe("beginner");
    expect(user_context.personalization_notes).toContain("beginner");
    expect(user_context.personalization_notes).not.toMatch(/embedded|microcontroller/i);
  });

  it("a narrowed grant holds at once on this edge for tokens minted before it; the next token has the new grant", async () => {
    const account = await signUp({ software_level: "intermediate", hardware_background: "robotics" });
    await putConsents(account, [{ origin: SITE, fields: ["software_level", "hardware_background", "notes"] }]);
    const before = await siteToken(account);
    expect(((await (await context(before)).json()) as { user_context: object }).user_context).toMatchObject({
      software_level: "intermediate",
      hardware_background: "robotics",
    });
    await putConsents(account, [{ origin: SITE, fields: ["hardware_background"] }]);
    expect(await (await context(before)).json()).toEqual({ user_context: { hardware_background: "robotics" } });
    await putConsents(account, []);
    expect(await (await context(before)).json()).toEqual({ user_context: {} });
    expect(decodeJwt(await siteToken(account))).toMatchObject({ consent: [] });
  });

  it("the API's own origin and first-party ones read everything, by cookie and by their token", async () => {
    const account = await signUp({ software_level: "advanced", hardware_background: "other" });
    const full = {
      software_level: "advanced",
      hardware_background: "other",
      personalization_notes: expect.any(String),
    };
    for (const origin of [ORIGIN, FIRST_PARTY]) {
      const byCookie = await callWorker("/api/personalization/context", {
        headers: { ...account.browser.header, origin },
      });
      expect(await byCookie.json()).toEqual({ user_context: full });
      const token = await callWorker("/api/auth/token", { headers: { ...account.browser.header, origin } });
      const { token: jwt } = (await token.json()) as { token: string };
      expect(decodeJwt(jwt)).not.toHaveProperty("azp");
      expect(await (await context(jwt, origin)).json()).toEqual({ user_context: full });
    }
  });

  it("from a site, a widget reads the context and logs interactions with its own token, and nothing else", async () => {
    const account = await signUp();
    await putConsents(account, [{ origin: SITE, fields: ["software_level"] }]);
    const token = await siteToken(account);
    const logged = await callWorker(
      "/api/personalization/interactions",
      jsonRequest("POST", { content_type: "chat", personalization_effectiveness: 4 }, fromSite(bearer({ token }))),
    );
    expect(logged.status).toBe(202);
    const { id } = (await logged.json()) as { id: string };
    // Stored with what the site was allowed: the level, not the background; the state is not the site's to know.
    expect(await stored([id])).toEqual([
      expect.objectContaining({ softwareLevel: "beginner", hardwareBackground: null, profileState: "withheld" }),
    ]);

    // The user's own business is not the widget's, with its token or with the browser's cookie.
    for (const headers of [fromSite(bearer({ token })), fromSite(account.browser.header)]) {
      await expectProblem(await callWorker("/api/user/profile", { headers }), 403, "FORBIDDEN");
      await expectProblem(
        await callWorker(
          "/api/user/consents",
          jsonRequest("PUT", { consents: [{ origin: SITE, fields: ["notes"] }] }, headers),
        ),
        403,
        "FORBIDDEN",
      );
    }
    // Nor the account's routes: get-session would show a same-site widget the whole account.
    await expectProblem(
      await callWorker("/api/auth/get-session", { headers: fromSite(account.browser.header) }),
      403,
      "FORBIDDEN",
    );
    await expectProblem(
      await callWorker(
        "/api/auth/update-user",
        jsonRequest("POST", { name: "Widget" }, fromSite(account.browser.header)),
      ),
      403,
      "FORBIDDEN",
    );
    // A site's token elsewhere than the widget routes, from anywhere.
    await expectProblem(await callWorker("/api/user/sessions", { headers: bearer({ token }) }), 403, "FORBIDDEN");
    // The browser's cookie, or a first-party token, sent from the site: it must use a token minted for it.
    await expectProblem(
      await callWorker("/api/personalization/context", { headers: fromSite(account.browser.header) }),
      403,
      "FORBIDDEN",
    );
    const firstParty = await callWorker("/api/auth/token", { headers: account.browser.header });
    const { token: firstPartyToken } = (await firstParty.json()) as { token: string };
    await expectProblem(await context(firstPartyToken), 403, "FORBIDDEN");
  });

  it("a site's token serves that site only, and mints its successor for that site only", async () => {
    const account = await signUp();
    const other = "http://localhost:8789";
    const env = { TRUSTED_ORIGINS: `${FIRST_PARTY},${SITE},${other}` };
    const call = (path: string, headers: Record<string, string>) => callWorkerWithEnv(env, path, { headers });
    const token = await siteToken(account);
    await expectProblem(
      await call("/api/personalization/context", fromSite(bearer({ token }), other)),
      403,
      "FORBIDDEN",
    );
    await expectProblem(await call("/api/auth/token", fromSite(bearer({ token }), other)), 403, "FORBIDDEN");
    const successor = await call("/api/auth/token", fromSite(bearer({ token })));
    expect(successor.status).toBe(200);
    expect(decodeJwt(((await successor.json()) as { token: string }).token)).toMatchObject({ azp: SITE });
  });

  it("refuse sites that are not embedding sites, twice-named sites and unknown fields, naming them", async () => {
    const account = await signUp();
    const unknown = await expectProblem(
      await putConsents(account, [
        { origin: "https://evil.example", fields: ["notes"] },
        { origin: FIRST_PARTY, fields: ["notes"] },
      ]),
      400,
      "VALIDATION_FAILED",
    );
    expect(unknown.errors).toEqual([
      expect.objectContaining({ location: "body.consents.0.origin" }),
      expect.objectContaining({ location: "body.consents.1.origin" }),
    ]);
    const twice = await expectProblem(
      await putConsents(account, [
        { origin: SITE, fields: ["notes"] },
        { origin: SITE, fields: [] },
      ]),
      400,
      "VALIDATION_FAILED",
    );
    expect(twice.errors).toEqual([expect.objectContaining({ location: "body.consents.1.origin" })]);
    const field = await expectProblem(
      await putConsents(account, [{ origin: SITE, fields: ["email"] }]),
      400,
      "VALIDATION_FAILED",
    );
    expect(field.errors).toEqual([expect.objectContaining({ location: "body.consents.0.fields.0" })]);
    const listed = await callWorker("/api/user/consents", { headers: bearer(account) });
    expect(await listed.json()).toEqual({ consents: [{ origin: SITE, fields: [], updated_at: null }] });
  });
});
