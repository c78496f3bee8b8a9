/**
 * Better Auth 1.7.25's `/two-factor/verify-totp`, when it turns two-factor on, replaces the caller's session
 * but answers the old, deleted session's token (the new one is only in the cookie and `set-auth-token`). A
 * client that keeps the token from the body, as bearer and mobile clients do, would be signed out. This
 * plugin's after hook answers the session that was actually made.
 */
import type { BetterAuthPlugin } from "better-auth";
import { createAuthMiddleware, isAPIError } from "better-auth/api";

export function twoFactorSessionToken(): BetterAuthPlugin {
  return {
    id: "two-factor-session-token",
    hooks: {
      after: [
        {
          matcher: (ctx) => ctx.path === "/two-factor/verify-totp",
          handler: createAuthMiddleware(async (ctx) => {
            const made = ctx.context.newSession?.session.token;
            const returned = ctx.context.returned;
            if (!made || isAPIError(returned) || typeof returned !== "object" || returned === null) return;
            if (!("token" in returned) || returned.token === made) return;
            return ctx.json({ ...returned, token: made });
          }),
        },
      ],
    },
  };
}
