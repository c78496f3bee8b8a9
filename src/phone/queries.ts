/** The caller's phone number in the user row: set only once its code was proven, and removed. */
import { eq } from "drizzle-orm";
import type { Database } from "../db/client";
import { user } from "../db/schema";
import { findNeonError } from "../errors/database-errors";

/** The number is another account's (the unique constraint `user_phoneNumber_unique`). */
export function isPhoneNumberTaken(error: unknown): boolean {
  const neonError = findNeonError(error);
  return neonError?.code === "23505" && neonError.constraint === "user_phoneNumber_unique";
}

export async function setVerifiedPhone(db: Database, userId: string, phoneNumber: string | null) {
  await db
    .update(user)
    .set({ phoneNumber, phoneNumberVerified: phoneNumber !== null })
    .where(eq(user.id, userId));
}
