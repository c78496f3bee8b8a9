/** Picks the mailer: a real HTTP provider (Resend) in production, the console in development. */
import type { Config } from "../config";
import { consoleMailer } from "./console-mailer";
import type { Mailer } from "./message";
import { resendMailer } from "./resend-mailer";

/** Resend when an API key is configured; otherwise the console, so `npm run dev` needs no account. */
export function createMailer(config: Config): Mailer {
  return config.mail.resendApiKey
    ? resendMailer({ apiKey: config.mail.resendApiKey, apiUrl: config.mail.resendApiUrl, from: config.mail.from })
    : consoleMailer();
}
