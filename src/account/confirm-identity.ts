/**
 * Before the account is deleted or its data exported: proof that its owner is at the keyboard, by a fresh
 * sign-in (or, to delete, the password).
 */
import { and, eq } from "drizzle-orm";
import type { Auth } from "../auth/create-auth";
import type { Caller } from "../caller/caller";
import type { Database } from "../db/client";
import { account, session } from "../db/schema";
import { ApiError } from "../errors/api-error";

/** A session this recent proves the person is at the keyboard; an older one must give the password. */
const FRESH_SIGN_IN_MS = 10 * 60 * 1000;

async function sessionOf(db: Database, caller: Caller) {
  const [row] = await db
    .select({ signedInAt: session.createdAt, hash: account.password })
    .from(session)
    .leftJoin(account, and(eq(account.userId, session.userId), eq(account.providerId, "credential")))
    .where(and(eq(session.id, caller.session.id), eq(session.userId, caller.user.id)));
  if (!row) throw new ApiError("UNAUTHENTICATED", "This session has ended; sign in again.");
  return row;
}

const isFresh = (signedInAt: Date) => Date.now() - signedInAt.getTime() <= FRESH_SIGN_IN_MS;

/** Throws unless the caller signed in within the last 10 minutes; `then` says what to do after signing in. */
export async function requireFreshSignIn(db: Database, caller: Caller, then: string): Promise<void> {
  if (isFresh((await sessionOf(db, caller)).signedInAt)) return;
  throw new ApiError("REAUTHENTICATION_REQUIRED", `Sign in again, then ${then} within 10 minutes.`);
}

/** Throws unless the caller signed in moments ago or gives the account's password. */
export async function confirmIdentity(db: Database, auth: Auth, caller: Caller, password: string | undefined) {
  const row = await sessionOf(db, caller);
  if (password === undefined) {
    if (isFresh(row.signedInAt)) return;
    throw new ApiError(
      "REAUTHENTICATION_REQUIRED",
      "Send the account's password, or sign in again and delete within 10 minutes.",
    );
  }
  if (!row.hash) {
    throw new ApiError("REAUTHENTICATION_REQUIRED", "This account has no password: sign in again, then delete.");
  }
  const { password: hasher } = await auth.$context;
  if (!(await hasher.verify({ hash: row.hash, password }))) {
    throw new ApiError("INVALID_PASSWORD", "The password is not correct.");
  }
}
