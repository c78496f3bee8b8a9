/** Sending text messages (phone verification codes): one interface, whatever delivers them. */
export interface SmsSender {
  /** `to` is E.164. Rejects when the provider refused the message. */
  send(to: string, text: string): Promise<void>;
}

/** A number as logs may show it: country code and last two digits, so nobody reads a customer's number there. */
export function maskedNumber(e164: string): string {
  return `${e164.slice(0, 3)}${"•".repeat(Math.max(0, e164.length - 5))}${e164.slice(-2)}`;
}
