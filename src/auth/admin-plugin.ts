/**
 * Better Auth's admin plugin (roles `user` and `admin`; list, search, ban, set role, revoke sessions) without
 * its session hook. That hook re-reads the user before every new session to refuse a banned one: a round
 * trip on every sign-in, and inside sign-up's batched transaction a read that forces the held inserts out
 * early. The database refuses those sessions instead, in the session's own INSERT (migration 0007).
 */
import { admin } from "better-auth/plugins";
import { ACCOUNT_BANNED_MESSAGE } from "../errors/database-errors";

export const ADMIN_ROLE = "admin";

export function adminPlugin() {
  const { init: _sessionLookupPerSignIn, ...plugin } = admin({
    defaultRole: "user",
    adminRoles: [ADMIN_ROLE],
    bannedUserMessage: ACCOUNT_BANNED_MESSAGE,
  });
  return plugin;
}
