/**
 * Counter keys: the rule and an HMAC of the client IP, the normalised email or the phone number under the
 * auth secret, so the counters table never holds any of them in the clear and nobody can precompute them.
 */
import { hmac } from "../crypto/hmac";

export async function counterKey(
  secret: string,
  rule: string,
  kind: "ip" | "email" | "phone",
  value: string,
): Promise<string> {
  return `${rule}:${kind}:${await hmac(secret, `${kind}:${value}`, 16)}`;
}
