/**
 * Firebase Cloud Messaging's HTTP v1 API: one request per device. The error that matters is FCM's own code
 * (`details[].errorCode`), not the HTTP status: a token gone for good answers 404 UNREGISTERED, one of
 * another Firebase project 403 SENDER_ID_MISMATCH; 429 and 5xx are worth another try later.
 */
import { forgetAccessToken, googleAccessToken, type ServiceAccount } from "./google-access-token";
import type { PushMessage, PushOutcome, PushSender } from "./push-sender";

export interface FcmConfig {
  serviceAccount: ServiceAccount;
  apiUrl: string;
}

interface FcmErrorBody {
  error?: {
    status?: string;
    message?: string;
    details?: { "@type"?: string; errorCode?: string; fieldViolations?: { field?: string }[] }[];
  };
}

/** Google asks for at least a minute's wait after QUOTA_EXCEEDED. */
const QUOTA_RETRY_SECONDS = 60;

/**
 * The FCM request for one device. The notification id is also the collapse key on every platform: a push
 * sent twice (at-least-once delivery) replaces itself on the device instead of showing twice.
 */
export function fcmMessage(message: PushMessage) {
  const collapseKey = message.notificationId;
  return {
    message: {
      token: message.token,
      notification: { title: message.title, body: message.body },
      data: { ...message.data, notification_id: message.notificationId, event: message.event },
      android: { collapse_key: collapseKey },
      apns: { headers: { "apns-collapse-id": collapseKey } },
      webpush: { headers: { Topic: collapseKey.replaceAll("-", "") } },
    },
  };
}

function retryAfter(response: Response): number | undefined {
  const seconds = Number(response.headers.get("retry-after"));
  return Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds) : undefined;
}

async function outcomeOf(response: Response): Promise<PushOutcome> {
  if (response.ok) return { kind: "sent" };
  let body: FcmErrorBody = {};
  try {
    body = (await response.json()) as FcmErrorBody;
  } catch {
    // Not FCM's JSON (a proxy's page): the status alone decides.
  }
  const details = body.error?.details ?? [];
  const code = details.find((detail) => detail.errorCode)?.errorCode ?? body.error?.status ?? `HTTP_${response.status}`;
  const error = `${response.status} ${code}`;
  switch (code) {
    case "UNREGISTERED":
    case "SENDER_ID_MISMATCH":
      return { kind: "invalid_token", error };
    case "INVALID_ARGUMENT": {
      // Only a token FCM calls malformed is dropped; any other invalid argument is ours to fix, not the device's.
      const aboutToken =
        /registration token/i.test(body.error?.message ?? "") ||
        details.some((detail) => detail.fieldViolations?.some((violation) => violation.field === "message.token"));
      return aboutToken ? { kind: "invalid_token", error } : { kind: "failed", error };
    }
    case "QUOTA_EXCEEDED":
      return { kind: "retry", error, retryAfterSeconds: Math.max(retryAfter(response) ?? 0, QUOTA_RETRY_SECONDS) };
    default:
      if (response.status === 401) {
        // Our access token was refused (revoked, or the key rotated): the next try exchanges a new one.
        forgetAccessToken();
        return { kind: "retry", error };
      }
      if (response.status === 429 || response.status >= 500) {
        return { kind: "retry", error, retryAfterSeconds: retryAfter(response) };
      }
      return { kind: "failed", error };
  }
}

export function fcmPushSender({ serviceAccount, apiUrl }: FcmConfig): PushSender {
  const endpoint = `${apiUrl}/v1/projects/${encodeURIComponent(serviceAccount.project_id)}/messages:send`;
  return {
    async send(message) {
      // Thrown when no token can be had: the whole batch waits for it, as every push would fail alike.
      const accessToken = await googleAccessToken(serviceAccount);
      let response: Response;
      try {
        response = await fetch(endpoint, {
          method: "POST",
          headers: { authorization: `Bearer ${accessToken}`, "content-type": "application/json" },
          body: JSON.stringify(fcmMessage(message)),
        });
      } catch (error) {
        return { kind: "retry", error: `network: ${error instanceof Error ? error.message : String(error)}` };
      }
      return outcomeOf(response);
    },
  };
}
