/**
 * Better Auth's get-session answer for a caller proved by an access token, built from its claims alone.
 * The session token is not in it: an access token must never buy the longer-lived credential.
 */
import type { Caller } from "../caller/caller";
import { profileColumns } from "../profile/view";

export function sessionAnswer({ user, profile, session }: Caller) {
  return {
    session: { id: session.id, userId: user.id, expiresAt: session.expiresAt.toISOString() },
    user: { ...user, ...profileColumns(profile) },
  };
}
