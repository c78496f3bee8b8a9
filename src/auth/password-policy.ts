/**
 * What a new password must be, wherever one is chosen (sign-up, change, reset, an admin setting one):
 * 8 to 128 characters, not among the most common passwords, and, when configured, not in a known breach.
 */
import { APIError } from "better-auth/api";
import type { Config } from "../config";
import { passwordSchema } from "../validation/fields";
import { fieldErrors, validationFailed } from "../validation/validate";
import { isBreachedPassword } from "./breached-passwords";
import { isCommonPassword } from "./common-passwords";

/** Better Auth's endpoints that set a password, and the body field that carries it. */
export const NEW_PASSWORD_FIELDS: Record<string, string> = {
  "/sign-up/email": "password",
  "/change-password": "newPassword",
  "/reset-password": "newPassword",
  "/admin/create-user": "password",
  "/admin/set-user-password": "newPassword",
};

function refused(field: string, message: string): APIError {
  const { message: detail, errors } = validationFailed([{ location: `body.${field}`, message }]);
  return new APIError("BAD_REQUEST", { code: "VALIDATION_FAILED", message: detail, errors });
}

export async function holdToPasswordPolicy(
  field: string,
  password: unknown,
  breached: Config["breachedPasswords"],
): Promise<void> {
  const parsed = passwordSchema.safeParse(password);
  if (!parsed.success) {
    const { message, errors } = validationFailed(fieldErrors(`body.${field}`, parsed.error.issues));
    throw new APIError("BAD_REQUEST", { code: "VALIDATION_FAILED", message, errors });
  }
  if (await isCommonPassword(parsed.data)) {
    throw refused(field, "is one of the most common passwords, the first an attacker tries: choose another");
  }
  if (breached.enabled && (await isBreachedPassword(breached.apiUrl, parsed.data))) {
    throw refused(field, "appears in known data breaches: choose another");
  }
}
