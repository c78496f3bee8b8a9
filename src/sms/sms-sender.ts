/**
 * Text messages (phone verification codes): Twilio's REST API when its credentials are configured, the
 * console otherwise, as with mail.
 */
import type { Config } from "../config";
import { consoleSmsSender } from "./console-sms";
import { twilioSmsSender } from "./twilio-sender";

export interface SmsSender {
  /** `to` is E.164. Rejects when the provider refused the message. */
  send(to: string, text: string): Promise<void>;
}

export function createSmsSender(config: Config): SmsSender {
  return config.sms.twilio ? twilioSmsSender(config.sms.twilio) : consoleSmsSender();
}

/** A number as logs may show it: country code and last two digits, so nobody reads a customer's number there. */
export function maskedNumber(e164: string): string {
  return `${e164.slice(0, 3)}${"•".repeat(Math.max(0, e164.length - 5))}${e164.slice(-2)}`;
}
