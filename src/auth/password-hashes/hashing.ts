/**
 * Better Auth's password hashing with the imported formats read as well: new passwords are hashed with
 * Better Auth's scrypt, and a stored hash is verified by its format. A legacy hash that matches is hashed
 * again with scrypt here, while the password is at hand; ./after-sign-in.ts stores it once the sign-in has
 * succeeded, so each legacy hash serves one sign-in only.
 */
import { defineRequestState, hasRequestState } from "@better-auth/core/context";
import { hashPassword, verifyPassword } from "better-auth/crypto";
import { logEvent } from "../../errors/log";
import { verifyArgon2 } from "./argon2";
import { verifyBcrypt } from "./bcrypt";
import { parseLegacyHash, unusableReason } from "./formats";

export interface PendingRehash {
  legacyHash: string;
  scryptHash: string;
}

/** The request's verified legacy hash and its replacement. */
export const pendingRehash = defineRequestState<PendingRehash | undefined>(() => undefined);

/**
 * When the request began its password work: verifying a stored hash, or hashing the password anyway for an
 * email with no account (Better Auth's decoy), whichever came first.
 */
export const passwordWorkStartedAt = defineRequestState<number | undefined>(() => undefined);

async function notePasswordWork(): Promise<boolean> {
  if (!(await hasRequestState())) return false;
  if ((await passwordWorkStartedAt.get()) === undefined) await passwordWorkStartedAt.set(Date.now());
  return true;
}

function verifyLegacy(hash: string, password: string): boolean {
  const legacy = parseLegacyHash(hash);
  const unusable = unusableReason(hash);
  if (!legacy || unusable) {
    // The importer refuses such hashes; one that got here anyway fails like a wrong password, loudly.
    logEvent("error", { source: "password-hashes", message: "stored password hash cannot be verified", unusable });
    return false;
  }
  if (legacy.format === "bcrypt") return verifyBcrypt(hash, password);
  const outcome = verifyArgon2(hash, legacy.variant, password);
  if ("match" in outcome) return outcome.match;
  logEvent("error", { source: "password-hashes", message: "argon2 verification failed", error: outcome.error });
  return false;
}

export const passwordHashing = {
  async hash(password: string): Promise<string> {
    await notePasswordWork();
    return hashPassword(password);
  },
  async verify({ hash, password }: { hash: string; password: string }): Promise<boolean> {
    const inRequest = await notePasswordWork();
    // Better Auth's own hashes are `<salt>:<key>` in hex; every imported one starts with `$`.
    if (!hash.startsWith("$")) return verifyPassword({ hash, password });
    if (!verifyLegacy(hash, password)) return false;
    if (inRequest) await pendingRehash.set({ legacyHash: hash, scryptHash: await hashPassword(password) });
    return true;
  },
};
