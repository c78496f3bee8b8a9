/** Development mail: printed to the console with its link, so flows work with no email account. */
import type { Mailer } from "./message";

export function consoleMailer(): Mailer {
  return {
    async send(message) {
      console.log(`\n--- email to ${message.to}: ${message.subject}\n${message.text}\n---\n`);
    },
  };
}
