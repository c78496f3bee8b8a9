/** One push to one device, and what came of it: one interface, whatever delivers it. */
import type { DevicePlatform } from "../db/schema/devices";

export interface PushMessage {
  token: string;
  platform: DevicePlatform;
  notificationId: string;
  event: string;
  title: string;
  body: string;
  data: Record<string, string> | null;
}

/**
 * `sent`: the provider took it. `invalid_token`: the token will never work again (the app was uninstalled,
 * or it belongs to another Firebase project): its device is pruned. `retry`: try again later (the provider
 * is busy or down), after `retryAfterSeconds` when it said. `failed`: this push cannot succeed as sent.
 */
export type PushOutcome =
  | { kind: "sent" }
  | { kind: "invalid_token"; error: string }
  | { kind: "retry"; error: string; retryAfterSeconds?: number }
  | { kind: "failed"; error: string };

export interface PushSender {
  send(message: PushMessage): Promise<PushOutcome>;
}
