/**
 * Counter keys: the rule and an HMAC of the client IP, the normalised email or the phone number under the
 * auth secret, so the counters table never holds any of them in the clear and nobody can precompute them.
 */
import { base64url } from "jose";

const encoder = new TextEncoder();

// Isolate-wide: importing the HMAC key costs more than using it, and the secret rarely changes.
let cachedKey: { secret: string; key: Promise<CryptoKey> } | undefined;

function hmacKey(secret: string): Promise<CryptoKey> {
  if (cachedKey?.secret !== secret) {
    const key = crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [
      "sign",
    ]);
    cachedKey = { secret, key };
  }
  return cachedKey.key;
}

export async function counterKey(
  secret: string,
  rule: string,
  kind: "ip" | "email" | "phone",
  value: string,
): Promise<string> {
  const mac = await crypto.subtle.sign("HMAC", await hmacKey(secret), encoder.encode(`${kind}:${value}`));
  return `${rule}:${kind}:${base64url.encode(new Uint8Array(mac).slice(0, 16))}`;
}
