/** Development pushes: printed to the console, never the device's token (it is a credential for that device). */
import { logEvent } from "../errors/log";
import type { PushSender } from "./push-sender";

export function consolePushSender(): PushSender {
  return {
    async send(message) {
      logEvent("info", {
        source: "push",
        provider: "console",
        platform: message.platform,
        notification_id: message.notificationId,
        event: message.event,
        title: message.title,
      });
      return { kind: "sent" };
    },
  };
}
