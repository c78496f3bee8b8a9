/**
 * A stand-in for Firebase Cloud Messaging and Google's OAuth token endpoint, answered in Node at the tests'
 * outbound fetch (test/fakes/outbound.ts). It holds the Worker to what the real ones demand: a token exchange
 * whose assertion is signed with the service account's key, for the messaging scope; a bearer token it
 * issued; the configured project; and a message FCM would take (strings only in `data`). How it answers a
 * device depends on the token's prefix:
 *   `unregistered_…`  404 UNREGISTERED (the app is gone: the device must be pruned)
 *   `invalid_…`       400 INVALID_ARGUMENT about the registration token (pruned too)
 *   `unavailable_…`   503 UNAVAILABLE with Retry-After, every time
 *   `flaky_…`         503 UNAVAILABLE the first time, then success
 * and anything else succeeds. Tests read what each token was sent at `GET https://fcm.googleapis.com/__fake/messages?token=`.
 */
import { generateKeyPairSync } from "node:crypto";
import { importSPKI, jwtVerify } from "jose";

export const FCM_HOST = "fcm.googleapis.com";
export const GOOGLE_TOKEN_HOST = "oauth2.googleapis.com";
const TOKEN_URI = `https://${GOOGLE_TOKEN_HOST}/token`;
const SCOPE = "https://www.googleapis.com/auth/firebase.messaging";

export interface FakeServiceAccount {
  /** The JSON key the Worker is configured with (FCM_SERVICE_ACCOUNT). */
  json: string;
  tokenUri: string;
  projectId: string;
  clientEmail: string;
  publicKey: string;
}

/**
 * A service account of a made-up Firebase project, with a fresh RSA key pair for this run; its token
 * endpoint is Google's (answered at the tests' outbound fetch) unless the benchmark serves one of its own.
 */
export function fakeServiceAccount(tokenUri = TOKEN_URI): FakeServiceAccount {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
    publicKeyEncoding: { type: "spki", format: "pem" },
  });
  const projectId = "persona-edge-test";
  const clientEmail = `firebase-adminsdk@${projectId}.iam.gserviceaccount.com`;
  const json = JSON.stringify({
    type: "service_account",
    project_id: projectId,
    private_key_id: "test-key",
    private_key: privateKey,
    client_email: clientEmail,
    token_uri: tokenUri,
  });
  return { json, tokenUri, projectId, clientEmail, publicKey };
}

export interface SentPush {
  token: string;
  notification: { title: string; body: string };
  data: Record<string, string>;
  android?: { collapse_key?: string };
}

const googleError = (
  status: number,
  code: string,
  fcmCode: string,
  message: string,
  headers: Record<string, string> = {},
) =>
  Response.json(
    {
      error: {
        code: status,
        message,
        status: code,
        details: [{ "@type": "type.googleapis.com/google.firebase.fcm.v1.FcmError", errorCode: fcmCode }],
      },
    },
    { status, headers },
  );

/** `latencyMs`: how long each send takes, as FCM's own would (the benchmark's; the tests answer at once). */
export function createFakeFcm(account: FakeServiceAccount, { latencyMs = 0 } = {}) {
  const accessTokens = new Set<string>();
  const sent = new Map<string, SentPush[]>();
  const attempts = new Map<string, number>();
  let exchanges = 0;

  async function token(request: Request): Promise<Response> {
    const form = new URLSearchParams(await request.text());
    if (form.get("grant_type") !== "urn:ietf:params:oauth:grant-type:jwt-bearer") {
      return Response.json({ error: "unsupported_grant_type" }, { status: 400 });
    }
    try {
      const { payload } = await jwtVerify(form.get("assertion") ?? "", await importSPKI(account.publicKey, "RS256"), {
        issuer: account.clientEmail,
        audience: account.tokenUri,
        algorithms: ["RS256"],
      });
      if (payload.scope !== SCOPE) throw new Error("wrong scope");
      if ((payload.exp ?? 0) - (payload.iat ?? 0) > 3600) throw new Error("assertion lives over an hour");
    } catch (error) {
      return Response.json({ error: "invalid_grant", error_description: String(error) }, { status: 400 });
    }
    exchanges += 1;
    const accessToken = `ya29.fake-${crypto.randomUUID()}`;
    accessTokens.add(accessToken);
    return Response.json({ access_token: accessToken, expires_in: 3599, token_type: "Bearer" });
  }

  async function send(request: Request, url: URL): Promise<Response> {
    if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
    const bearer = request.headers.get("authorization")?.match(/^Bearer (.+)$/)?.[1];
    if (!bearer || !accessTokens.has(bearer)) {
      return googleError(
        401,
        "UNAUTHENTICATED",
        "THIRD_PARTY_AUTH_ERROR",
        "Request had invalid authentication credentials.",
      );
    }
    if (url.pathname !== `/v1/projects/${account.projectId}/messages:send`) {
      return googleError(403, "PERMISSION_DENIED", "SENDER_ID_MISMATCH", "Permission denied on this project.");
    }
    const { message } = (await request.json()) as { message?: SentPush };
    const stringsOnly = Object.values(message?.data ?? {}).every((value) => typeof value === "string");
    if (!message?.token || !message.notification?.title || !stringsOnly) {
      return googleError(400, "INVALID_ARGUMENT", "INVALID_ARGUMENT", "Invalid JSON payload received.");
    }
    const tried = (attempts.get(message.token) ?? 0) + 1;
    attempts.set(message.token, tried);
    if (message.token.startsWith("unregistered_")) {
      return googleError(404, "NOT_FOUND", "UNREGISTERED", "Requested entity was not found.");
    }
    if (message.token.startsWith("invalid_")) {
      return googleError(
        400,
        "INVALID_ARGUMENT",
        "INVALID_ARGUMENT",
        "The registration token is not a valid FCM registration token",
      );
    }
    if (message.token.startsWith("unavailable_") || (message.token.startsWith("flaky_") && tried === 1)) {
      return googleError(503, "UNAVAILABLE", "UNAVAILABLE", "The service is currently unavailable.", {
        "retry-after": "1",
      });
    }
    sent.set(message.token, [...(sent.get(message.token) ?? []), message]);
    return Response.json({ name: `projects/${account.projectId}/messages/${crypto.randomUUID()}` });
  }

  return {
    handles: (url: URL) => url.hostname === FCM_HOST || url.hostname === GOOGLE_TOKEN_HOST,
    /** Pushes taken so far, over every token. */
    delivered: () => [...sent.values()].reduce((total, messages) => total + messages.length, 0),
    async fetch(request: Request): Promise<Response> {
      const url = new URL(request.url);
      if (url.pathname === "/token") return token(request);
      if (url.pathname === "/__fake/messages") {
        const device = url.searchParams.get("token") ?? "";
        return Response.json({ messages: sent.get(device) ?? [], attempts: attempts.get(device) ?? 0, exchanges });
      }
      if (request.method === "POST" && url.pathname.endsWith("/messages:send")) return send(request, url);
      return new Response("not found", { status: 404 });
    },
  };
}
