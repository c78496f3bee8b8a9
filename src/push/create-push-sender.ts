/**
 * Picks the push sender: FCM HTTP v1 when a service account is configured (Android, iOS through APNs, and
 * web); the console otherwise, so `npm run dev` needs no Firebase project.
 */
import type { Config } from "../config";
import { consolePushSender } from "./console-push";
import { fcmPushSender } from "./fcm-sender";
import type { PushSender } from "./push-sender";

export function createPushSender(config: Config): PushSender {
  return config.push.fcm ? fcmPushSender(config.push.fcm) : consolePushSender();
}
