/**
 * The password hash formats an imported fastapi-users database holds, told apart by their prefix: what the
 * importer accepts (scripts/legacy-import) and what sign-in verifies (./hashing.ts) come from this one list.
 */

/** Argon2's memory cost above which a hash cannot be verified in a Worker (128 MB per isolate, code included). */
export const ARGON2_MAX_MEMORY_KIB = 65_536;

export type LegacyHash =
  | {
      format: "argon2";
      variant: "argon2id" | "argon2i" | "argon2d";
      memoryKib: number;
      iterations: number;
      lanes: number;
    }
  | { format: "bcrypt"; cost: number };

/** Why a stored hash cannot be used at sign-in: the importer refuses such rows with this reason. */
export type UnusableHash = "unknown_hash_format" | "unsupported_hash_parameters";

// PHC strings as argon2-cffi (pwdlib, passlib) writes them: $argon2id$v=19$m=65536,t=3,p=4$<salt>$<hash>.
const ARGON2 =
  /^\$(argon2id|argon2i|argon2d)\$v=(16|19)\$m=(\d{1,7}),t=(\d{1,4}),p=(\d{1,3})\$[A-Za-z0-9+/]{11,}\$[A-Za-z0-9+/]{6,}$/;
// Modular crypt bcrypt: $2b$ (bcrypt, passlib), $2a$ and $2y$ (older libraries, PHP); 22 salt + 31 hash characters.
const BCRYPT = /^\$2[aby]\$(\d{2})\$[./A-Za-z0-9]{53}$/;

export function parseLegacyHash(hash: string): LegacyHash | undefined {
  const argon2 = ARGON2.exec(hash);
  if (argon2) {
    const [, variant, , memory, iterations, lanes] = argon2;
    return {
      format: "argon2",
      variant: variant as "argon2id" | "argon2i" | "argon2d",
      memoryKib: Number(memory),
      iterations: Number(iterations),
      lanes: Number(lanes),
    };
  }
  const bcrypt = BCRYPT.exec(hash);
  if (bcrypt) return { format: "bcrypt", cost: Number(bcrypt[1]) };
  return undefined;
}

/** Whether sign-in can verify this hash, and if not, why. */
export function unusableReason(hash: string): UnusableHash | undefined {
  const parsed = parseLegacyHash(hash);
  if (!parsed) return "unknown_hash_format";
  if (parsed.format === "argon2" && parsed.memoryKib > ARGON2_MAX_MEMORY_KIB) return "unsupported_hash_parameters";
  if (parsed.format === "bcrypt" && (parsed.cost < 4 || parsed.cost > 31)) return "unsupported_hash_parameters";
  return undefined;
}
