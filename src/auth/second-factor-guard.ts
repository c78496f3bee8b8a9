/**
 * Better Auth's two-factor plugin challenges only password sign-ins. An emailed code or link proves an
 * inbox, one factor: for an account with two-factor on, the session such a sign-in just made is ended
 * before anyone sees it, and the sign-in is refused (the code's answer: 403 TWO_FACTOR_REQUIRED; the
 * link: a redirect to its error URL with `error=TWO_FACTOR_REQUIRED`). Only the inbox's owner learns that
 * the account has two-factor on.
 */
import type { BetterAuthPlugin } from "better-auth";
import { APIError, createAuthMiddleware } from "better-auth/api";
import { deleteSessionCookie } from "better-auth/cookies";

const ONE_FACTOR_SIGN_INS = new Set(["/sign-in/email-otp", "/magic-link/verify"]);

export function secondFactorGuard(): BetterAuthPlugin {
  return {
    id: "second-factor-guard",
    hooks: {
      after: [
        {
          matcher: (ctx) => ONE_FACTOR_SIGN_INS.has(ctx.path ?? ""),
          handler: createAuthMiddleware(async (ctx) => {
            const made = ctx.context.newSession;
            if (!made || !(made.user as { twoFactorEnabled?: boolean }).twoFactorEnabled) return;
            await ctx.context.internalAdapter.deleteSession(made.session.token);
            deleteSessionCookie(ctx, true);
            ctx.context.setNewSession(null);
            if (ctx.path === "/magic-link/verify") {
              const target = new URL(
                String(ctx.query?.errorCallbackURL ?? ctx.query?.callbackURL ?? "/"),
                ctx.context.baseURL,
              );
              target.searchParams.set("error", "TWO_FACTOR_REQUIRED");
              throw ctx.redirect(target.toString());
            }
            throw new APIError("FORBIDDEN", {
              code: "TWO_FACTOR_REQUIRED",
              message: "This account has two-factor sign-in: sign in with the password and the second factor.",
            });
          }),
        },
      ],
    },
  };
}
