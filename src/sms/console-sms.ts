/** Development text messages: printed to the console (the code, and the number masked), so flows work without Twilio. */
import { maskedNumber, type SmsSender } from "./sms-sender";

export function consoleSmsSender(): SmsSender {
  return {
    async send(to, text) {
      console.log(`\n--- text to ${maskedNumber(to)}\n${text}\n---\n`);
    },
  };
}
