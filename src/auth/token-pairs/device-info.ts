/** The session a mobile sign-in just made: its id and expiry for the pair, and what the app said about itself. */
import { eq } from "drizzle-orm";
import type { z } from "zod";
import type { Database } from "../../db/client";
import { session } from "../../db/schema";
import { ApiError } from "../../errors/api-error";
import type { deviceInfoSchema } from "../schemas";

export async function describeSession(db: Database, token: string, deviceInfo?: z.output<typeof deviceInfoSchema>) {
  const [row] = await db
    .update(session)
    .set({ device_info: deviceInfo ?? null })
    .where(eq(session.token, token))
    .returning({ id: session.id, expiresAt: session.expiresAt });
  // Ended between its creation and this statement (an admin's revocation): the pair would be born dead.
  if (!row) throw new ApiError("UNAUTHENTICATED", "The new session has already ended. Sign in again.");
  return { ...row, token };
}
