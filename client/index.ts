/**
 * `persona-edge/client`: the API for a browser or app, typed from its routes. `createPersonaClient` is the
 * widget's calls (./widget.ts) plus Better Auth's client for signing up, in and out, which keeps the
 * session token the API hands out (`set-auth-token`) for callers the session cookie does not reach.
 */
import { createAuthClient } from "better-auth/client";
import { inferAdditionalFields } from "better-auth/client/plugins";
import { createPersonaWidget, type PersonaWidgetOptions } from "./widget.ts";

export { PersonaApiError, PersonaSignedOutError } from "./access-token.ts";
export type { ContextOptions, InteractionInput, PersonaApi, PersonaWidget, UserContext } from "./widget.ts";
export { createPersonaWidget };

export interface PersonaClientOptions extends Omit<PersonaWidgetOptions, "sessionToken"> {
  /** A session token kept from an earlier sign-in (an app's storage); pages on the API's site use the cookie. */
  sessionToken?: string | null;
  /** Called with each new session token (sign-in, sign-up), e.g. to store it; with null after a sign-out. */
  onSessionToken?: (token: string | null) => void;
}

/** Better Auth's endpoints after which the caller's session is gone. */
const SESSION_ENDING = /\/(sign-out|revoke-sessions|delete-user)$/;

export function createPersonaClient(options: PersonaClientOptions) {
  let sessionToken = options.sessionToken ?? null;
  const widget = createPersonaWidget({ ...options, sessionToken: () => sessionToken });
  const keep = (token: string | null) => {
    sessionToken = token;
    options.onSessionToken?.(token);
  };
  const auth = createAuthClient({
    baseURL: options.baseURL,
    basePath: "/api/auth",
    plugins: [
      inferAdditionalFields({
        user: {
          software_level: { type: "string", required: false },
          hardware_background: { type: "string", required: false },
        },
      }),
    ],
    fetchOptions: {
      credentials: "include",
      ...(options.fetch ? { customFetchImpl: options.fetch } : {}),
      auth: { type: "Bearer", token: () => sessionToken ?? undefined },
      onSuccess: ({ response, request }) => {
        const next = response.headers.get("set-auth-token");
        // Another session (a sign-in, perhaps as someone else): nothing minted from the old one may go on.
        if (next && next !== sessionToken) {
          keep(next);
          widget.forget();
        }
        if (SESSION_ENDING.test(new URL(request.url).pathname)) {
          keep(null);
          widget.forget();
        }
      },
    },
  });
  return { ...widget, auth };
}

export type PersonaClient = ReturnType<typeof createPersonaClient>;
