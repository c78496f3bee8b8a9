/**
 * The chatbot widget's side of the API: its context and its interactions, with an access token kept fresh
 * (./access-token.ts), typed from the API's own routes (`hc<AppType>`). No Better Auth client: a widget
 * signs nobody in, so its script-tag build stays a few kilobytes.
 */
import { hc, type InferRequestType, type InferResponseType } from "hono/client";
import type { AppType } from "../src/app";
import { AccessTokenKeeper, PersonaApiError } from "./access-token.ts";

export interface PersonaWidgetOptions {
  /** The API's origin (its BETTER_AUTH_URL), e.g. `https://api.example.com`. */
  baseURL: string;
  /**
   * The session token, where the session cookie does not reach (a site on another registrable domain, an
   * app); without it, the cookie is sent. Read on each mint, so a function can hand over a new one.
   */
  sessionToken?: string | null | (() => string | null | undefined);
  /** Defaults to the global `fetch`. */
  fetch?: typeof fetch;
}

const ACCESS_TOKEN_HEADER = "set-auth-jwt";

function apiClient(baseURL: string, fetcher: typeof fetch) {
  return hc<AppType>(baseURL, { fetch: fetcher });
}
export type PersonaApi = ReturnType<typeof apiClient>;

type ContextRoute = PersonaApi["api"]["personalization"]["context"]["$get"];
type InteractionsRoute = PersonaApi["api"]["personalization"]["interactions"]["$post"];
/** `{software_level?, hardware_background?, personalization_notes?}`: what the user allowed this site. */
export type UserContext = InferResponseType<ContextRoute>["user_context"];
export type ContextOptions = { contentType?: NonNullable<InferRequestType<ContextRoute>["query"]["content_type"]> };
export type InteractionInput = InferRequestType<InteractionsRoute>["json"];

async function failure(response: { status: number; text(): Promise<string> }): Promise<never> {
  throw new PersonaApiError(response.status, await response.text());
}

export function createPersonaWidget(options: PersonaWidgetOptions) {
  const baseURL = options.baseURL.replace(/\/+$/, "");
  const send = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const { sessionToken } = options;
  const tokens = new AccessTokenKeeper({
    baseURL,
    fetch: send,
    sessionToken: typeof sessionToken === "function" ? sessionToken : () => sessionToken,
  });

  /** Every call with the access token; a 401 (the token lapsed, the session was revoked) is retried once with a new one. */
  const withToken: typeof fetch = async (input, init) => {
    const attempt = async (token: string) => {
      const headers = new Headers(init?.headers);
      headers.set("authorization", `Bearer ${token}`);
      const response = await send(input, { ...init, headers });
      tokens.take(response.headers.get(ACCESS_TOKEN_HEADER));
      return response;
    };
    const response = await attempt(await tokens.get());
    if (response.status !== 401) return response;
    return attempt(await tokens.renew());
  };

  const api = apiClient(baseURL, withToken);
  // The last answer per content type, kept for its ETag: an unchanged context costs the API a 304 and no body.
  const contexts = new Map<string, { etag: string; context: UserContext }>();

  return {
    /** The API, typed from its routes, every call made with the access token. */
    api,

    /** The user's context as this site may read it; `{}` until the user allows it something. */
    async getContext({ contentType }: ContextOptions = {}): Promise<UserContext> {
      const key = contentType ?? "";
      const cached = contexts.get(key);
      const response = await api.api.personalization.context.$get(
        { query: contentType ? { content_type: contentType } : {} },
        { headers: cached ? { "if-none-match": cached.etag } : {} },
      );
      if ((response.status as number) === 304 && cached) return cached.context;
      if (response.status !== 200) return failure(response);
      const { user_context } = await response.json();
      const etag = response.headers.get("etag");
      if (etag) contexts.set(key, { etag, context: user_context });
      return user_context;
    },

    /** Logs an interaction; the id it was queued under. */
    async logInteraction(input: InteractionInput): Promise<string> {
      const response = await api.api.personalization.interactions.$post({ json: input });
      if (response.status !== 202) return failure(response);
      return (await response.json()).id;
    },

    /** The current access token, renewed first if it is near its end. */
    accessToken: () => tokens.get(),

    /** Forgets the token and the cached contexts (after a sign-out). */
    forget(): void {
      tokens.clear();
      contexts.clear();
    },
  };
}

export type PersonaWidget = ReturnType<typeof createPersonaWidget>;
