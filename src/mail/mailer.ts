/** Sending email: one interface, a real HTTP provider (Resend) in production and the console in development. */
import type { Config } from "../config";
import { consoleMailer } from "./console-mailer";
import { resendMailer } from "./resend-mailer";

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
}

/** Resend when an API key is configured; otherwise the console, so `npm run dev` needs no account. */
export function createMailer(config: Config): Mailer {
  return config.mail.resendApiKey
    ? resendMailer({ apiKey: config.mail.resendApiKey, apiUrl: config.mail.resendApiUrl, from: config.mail.from })
    : consoleMailer();
}
