/**
 * bcrypt verification with bcryptjs: pure JavaScript, so it runs in workerd as it is, and it reads the
 * $2a$, $2b$ and $2y$ variants alike. Like every bcrypt, it uses the first 72 bytes of the password, as
 * the legacy libraries did when they hashed it.
 */
import bcrypt from "bcryptjs";

export function verifyBcrypt(hash: string, password: string): boolean {
  return bcrypt.compareSync(password, hash);
}
