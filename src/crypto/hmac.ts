/** HMAC-SHA256 under the auth secret, base64url: for values stored or counted without being readable. */
import { base64url } from "jose";

const encoder = new TextEncoder();

// Isolate-wide: importing the key costs more than using it, and the secret rarely changes.
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

/** The MAC of `value`, `bytes` long (at most 32). */
export async function hmac(secret: string, value: string, bytes = 32): Promise<string> {
  const mac = await crypto.subtle.sign("HMAC", await hmacKey(secret), encoder.encode(value));
  return base64url.encode(new Uint8Array(mac).slice(0, bytes));
}
