/**
 * Better Auth's get-session answer for a caller proved by an access token, built from its claims alone.
 * The session token is not in it: an access token must never buy the longer-lived credential.
 */
import type { Caller } from "../caller/caller";

export function sessionAnswer({ user, profile, session }: Caller) {
  return {
    session: { id: session.id, userId: user.id, expiresAt: session.expiresAt.toISOString() },
    user: {
      ...user,
      software_level: profile?.software_level ?? null,
      hardware_background: profile?.hardware_background ?? null,
      profile_status: profile?.status ?? null,
      profile_created_at: profile?.created_at ?? null,
      profile_updated_at: profile?.updated_at ?? null,
    },
  };
}
