/**
 * Two-factor backup codes, stored as HMACs under the auth secret: shown once when made, never readable
 * again, not even with the secret. Better Auth's two-factor plugin stores its list through `encrypt` and
 * reads it through `decrypt`, and compares a submitted code with the entries as they are stored; so the
 * list holds digests, and a submitted code is turned into its digest before the plugin sees it (the
 * before hook, ./validate-input.ts).
 */
import { hmac } from "../crypto/hmac";

const DIGEST_PREFIX = "hmac:";

export function backupCodeDigest(secret: string, code: string): Promise<string> {
  return hmac(secret, `backup-code:${code}`).then((mac) => `${DIGEST_PREFIX}${mac}`);
}

/** Better Auth's `storeBackupCodes`: the plugin hands it the list whole, new codes or what is left of one. */
export function backupCodeStorage(secret: string) {
  return {
    async encrypt(json: string): Promise<string> {
      const codes = JSON.parse(json) as string[];
      // What is left after a code is used is digests already, and stays as it is.
      const digests = await Promise.all(
        codes.map((code) => (code.startsWith(DIGEST_PREFIX) ? code : backupCodeDigest(secret, code))),
      );
      return JSON.stringify(digests);
    },
    async decrypt(stored: string): Promise<string> {
      return stored;
    },
  };
}
