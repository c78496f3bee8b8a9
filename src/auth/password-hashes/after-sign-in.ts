/**
 * Part of Better Auth's after hook, for `/sign-in/email` (ours calls it too): a successful sign-in stores the scrypt
 * hash of a legacy password verified on the way (./hashing.ts); a refused one is held until the failure
 * floor, so the answer's timing does not tell an unknown email from a wrong password, whatever the stored
 * hash's format costs to verify.
 */
import type { HookEndpointContext } from "@better-auth/core";
import { isAPIError } from "better-auth/api";
import { and, eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { account } from "../../db/schema";
import { toleratingDatabaseFailure } from "../../db/usage";
import { describeError, logEvent } from "../../errors/log";
import { passwordWorkStartedAt, pendingRehash } from "./hashing";

async function storeRehash(database: Database, userId: string): Promise<void> {
  const rehash = await pendingRehash.get();
  if (!rehash) return;
  try {
    // Only while the legacy hash is still the one stored: a password changed meanwhile stays changed.
    await toleratingDatabaseFailure(async () => {
      await database
        .update(account)
        .set({ password: rehash.scryptHash })
        .where(
          and(
            eq(account.userId, userId),
            eq(account.providerId, "credential"),
            eq(account.password, rehash.legacyHash),
          ),
        );
    });
  } catch (error) {
    // The sign-in stands; the legacy hash still verifies, and the next sign-in tries again.
    logEvent("warn", { source: "password-hashes", message: "re-hash not stored", error: describeError(error) });
  }
}

/**
 * Waits until `floorMs` after the password work began. Deployed Workers advance the clock only on I/O, so a
 * zero timer comes first: it lets the clock catch up with the hashing just done.
 */
async function holdUntilFloor(floorMs: number): Promise<void> {
  const startedAt = await passwordWorkStartedAt.get();
  if (startedAt === undefined || floorMs === 0) return;
  await scheduler.wait(0);
  const remaining = startedAt + floorMs - Date.now();
  if (remaining > 0) await scheduler.wait(remaining);
}

export async function afterSignIn(
  ctx: HookEndpointContext,
  database: Database,
  failedSignInFloorMs: number,
): Promise<void> {
  if (ctx.path !== "/sign-in/email") return;
  const returned = ctx.context.returned;
  if (isAPIError(returned)) {
    if (returned.statusCode === 401) await holdUntilFloor(failedSignInFloorMs);
    return;
  }
  const userId = ctx.context.newSession?.user.id;
  if (userId) await storeRehash(database, userId);
}
