/**
 * Twilio's Programmable Messaging API: one form-encoded POST per message, from a number or a messaging
 * service. Twilio's error messages quote the number, so only its error code is kept.
 */
import type { SmsSender } from "./sms-sender";

export interface TwilioConfig {
  accountSid: string;
  authToken: string;
  /** `From` (an E.164 number or alphanumeric sender id), or `MessagingServiceSid` (MG…). */
  sender: { from: string } | { messagingServiceSid: string };
  apiUrl: string;
}

export class SmsRefusedError extends Error {
  override name = "SmsRefusedError";
}

export function twilioSmsSender({ accountSid, authToken, sender, apiUrl }: TwilioConfig): SmsSender {
  const endpoint = `${apiUrl}/2010-04-01/Accounts/${encodeURIComponent(accountSid)}/Messages.json`;
  const authorization = `Basic ${btoa(`${accountSid}:${authToken}`)}`;
  return {
    async send(to, text) {
      const form = new URLSearchParams({ To: to, Body: text });
      if ("from" in sender) form.set("From", sender.from);
      else form.set("MessagingServiceSid", sender.messagingServiceSid);
      const response = await fetch(endpoint, {
        method: "POST",
        headers: { authorization, "content-type": "application/x-www-form-urlencoded" },
        body: form,
      });
      if (response.ok) return;
      const body = (await response.json().catch(() => ({}))) as { code?: number };
      throw new SmsRefusedError(`Twilio refused the message: HTTP ${response.status}, code ${body.code ?? "none"}`);
    },
  };
}
