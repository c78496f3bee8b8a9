/** Resend's REST API (POST /emails), called with fetch: nothing but the Workers runtime is needed. */
import type { Mailer } from "./message";

export interface ResendOptions {
  apiKey: string;
  /** Default https://api.resend.com; tests point it at a local stand-in. */
  apiUrl: string;
  /** The sender, e.g. `persona-edge <no-reply@example.com>` on a domain verified with Resend. */
  from: string;
}

export function resendMailer({ apiKey, apiUrl, from }: ResendOptions): Mailer {
  return {
    async send(message) {
      const response = await fetch(new URL("/emails", apiUrl), {
        method: "POST",
        headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
        body: JSON.stringify({
          from,
          to: [message.to],
          subject: message.subject,
          text: message.text,
          html: message.html,
        }),
      });
      // The status is enough to act on; the body may echo the recipient, which logs must not carry.
      if (!response.ok) throw new Error(`email provider answered HTTP ${response.status}`);
    },
  };
}
