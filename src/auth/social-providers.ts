/**
 * Social sign-in through Better Auth's own providers. Each is offered only when its client id and secret
 * are configured; callbacks arrive at `/api/auth/callback/<provider>` on the API's origin.
 */
import type { BetterAuthOptions } from "better-auth";
import type { Config } from "../config";

export function socialProviders(config: Config): BetterAuthOptions["socialProviders"] {
  const { google, github, facebook } = config.social;
  return {
    ...(google && { google: { ...google, prompt: "select_account" as const } }),
    ...(github && { github }),
    ...(facebook && { facebook }),
  };
}
