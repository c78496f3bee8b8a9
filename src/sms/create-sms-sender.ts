/** Picks the text sender: Twilio's REST API when its credentials are configured, the console otherwise, as with mail. */
import type { Config } from "../config";
import { consoleSmsSender } from "./console-sms";
import type { SmsSender } from "./sms-sender";
import { twilioSmsSender } from "./twilio-sender";

export function createSmsSender(config: Config): SmsSender {
  return config.sms.twilio ? twilioSmsSender(config.sms.twilio) : consoleSmsSender();
}
