/**
 * The client kit (client/) against the Worker, in workerd: the kit's own fetch is the only seam, pointed at
 * the Worker and recording what went over the wire, as a browser's network panel would.
 */
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import {
  createPersonaClient,
  createPersonaWidget,
  PersonaApiError,
  PersonaSignedOutError,
} from "../../client/index.ts";
import { bearer, jsonRequest, newEmail, signUp, type TestAccount } from "../helpers/accounts";
import { stored } from "../helpers/interactions";
import { callWorker, ORIGIN } from "../helpers/worker";

/** wrangler.toml's embedding site (the demo widget). */
const SITE = "http://localhost:8788";

interface Exchange {
  method: string;
  path: string;
  status: number;
}

/** The network as the kit sees it, from a page on `origin`: every request reaches the Worker with that Origin. */
function network(origin = ORIGIN) {
  const log: Exchange[] = [];
  let tamper: ((headers: Headers) => void) | undefined;
  const send: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    const headers = new Headers(request.headers);
    headers.set("origin", origin);
    tamper?.(headers);
    tamper = undefined;
    const response = await exports.default.fetch(new Request(request, { headers }));
    const url = new URL(request.url);
    log.push({ method: request.method, path: `${url.pathname}${url.search}`, status: response.status });
    return response;
  };
  return {
    send,
    log,
    /** Changes the next request's headers on its way (a token that went bad in transit). */
    tamperNext(change: (headers: Headers) => void) {
      tamper = change;
    },
    paths: () => log.map(({ method, path, status }) => `${method} ${path.split("?")[0]} ${status}`),
  };
}

const widgetFor = (account: TestAccount, net: ReturnType<typeof network>) =>
  createPersonaWidget({ baseURL: ORIGIN, sessionToken: account.token, fetch: net.send });

describe("the client kit", () => {
  it("mints a token once, reads the context, and answers an unchanged one from its ETag", async () => {
    const account = await signUp({ software_level: "advanced", hardware_background: "robotics" });
    const net = network();
    const widget = widgetFor(account, net);
    const first = await widget.getContext({ contentType: "chat" });
    expect(first).toMatchObject({ software_level: "advanced", hardware_background: "robotics" });
    expect(await widget.getContext({ contentType: "chat" })).toEqual(first);
    expect(net.paths()).toEqual([
      "GET /api/auth/token 200",
      "GET /api/personalization/context 200",
      "GET /api/personalization/context 304",
    ]);
  });

  it("takes the renewed token a change answers with, so the change shows at once and nothing is minted", async () => {
    const account = await signUp({ software_level: "beginner", hardware_background: "none" });
    const net = network();
    const widget = widgetFor(account, net);
    await widget.getContext();
    const patched = await widget.api.api.user.profile.$patch({ json: { software_level: "intermediate" } });
    expect(patched.status).toBe(200);
    expect(await widget.getContext()).toMatchObject({ software_level: "intermediate" });
    expect(net.paths().filter((line) => line.includes("/api/auth/token"))).toHaveLength(1);
  });

  it("retries once with a new token when the API refuses the one it holds", async () => {
    const account = await signUp();
    const net = network();
    const widget = widgetFor(account, net);
    await widget.getContext();
    net.tamperNext((headers) => headers.set("authorization", "Bearer not-a-token"));
    expect(await widget.getContext({ contentType: "translation" })).toMatchObject({ software_level: "beginner" });
    expect(net.paths().slice(1)).toEqual([
      "GET /api/personalization/context 200",
      "GET /api/personalization/context 401",
      "GET /api/auth/token 200",
      "GET /api/personalization/context 200",
    ]);
  });

  it("on an embedding site reads only what the user allowed it, and less the moment the grant narrows", async () => {
    const account = await signUp({ software_level: "advanced", hardware_background: "embedded systems" });
    const grant = (fields: string[]) =>
      callWorker(
        "/api/user/consents",
        jsonRequest("PUT", { consents: [{ origin: SITE, fields }] }, { origin: ORIGIN, ...bearer(account) }),
      );
    expect((await grant(["software_level", "notes"])).status).toBe(200);
    const widget = widgetFor(account, network(SITE));
    const allowed = await widget.getContext({ contentType: "chat" });
    expect(Object.keys(allowed).sort()).toEqual(["personalization_notes", "software_level"]);
    expect((await grant(["notes"])).status).toBe(200);
    expect(Object.keys(await widget.getContext({ contentType: "chat" }))).toEqual(["personalization_notes"]);
  });

  it("logs an interaction, and reports a refused one with the API's problem", async () => {
    const account = await signUp();
    const widget = widgetFor(account, network());
    const id = await widget.logInteraction({ content_type: "chat", personalization_effectiveness: 4 });
    await stored([id]);
    const refused = await widget.logInteraction({ content_type: "poetry" as "chat" }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(PersonaApiError);
    expect(refused).toMatchObject({ status: 400 });
    expect(JSON.parse((refused as PersonaApiError).body)).toMatchObject({ code: "VALIDATION_FAILED" });
  });

  it("signs up with the background, keeps the session token it is handed, and forgets it at sign-out", async () => {
    const net = network();
    const tokens: (string | null)[] = [];
    const client = createPersonaClient({
      baseURL: ORIGIN,
      fetch: net.send,
      onSessionToken: (token) => tokens.push(token),
    });
    const { error } = await client.auth.signUp.email({
      email: newEmail(),
      password: "a kit's sturdy passphrase",
      name: "Kit",
      software_level: "advanced",
      hardware_background: "other",
    });
    expect(error).toBeNull();
    expect(tokens).toEqual([expect.any(String)]);
    expect(await client.getContext()).toMatchObject({ software_level: "advanced", hardware_background: "other" });
    // Signing in as someone else on the same client: nothing minted for the first user goes on.
    const other = await signUp({ software_level: "beginner", hardware_background: "none" });
    expect((await client.auth.signIn.email({ email: other.email, password: other.password })).error).toBeNull();
    expect(await client.getContext()).toMatchObject({ software_level: "beginner", hardware_background: "none" });
    await client.auth.signOut();
    expect(tokens.at(-1)).toBeNull();
    await expect(client.getContext()).rejects.toBeInstanceOf(PersonaSignedOutError);
  });
});
