/** Minting an embedding site's token (`GET /api/auth/token` from the site): ./widget-token.ts says what it holds. */
import type { Auth } from "../auth/create-auth";
import type { Caller } from "../caller/caller";
import type { Database } from "../db/client";
import { ApiError } from "../errors/api-error";
import { grantFor } from "./queries";
import { widgetTokenClaims } from "./widget-token";

/**
 * A token for `origin`, with what the user allows that site now and the profile as it now stands (one
 * read: minting is not the hot path, reading the context with the token is). A widget's token mints its
 * successor for its own site only.
 */
export async function mintWidgetToken(
  services: { db: Database; auth: Auth },
  caller: Caller,
  origin: string,
): Promise<string> {
  if (caller.widget && caller.widget.origin !== origin) {
    throw new ApiError("FORBIDDEN", "This access token was minted for another site.");
  }
  const grant = await grantFor(services.db, caller.user.id, origin);
  if (!grant) throw new ApiError("UNAUTHENTICATED", "This account no longer exists.");
  const claims = widgetTokenClaims(caller.session.id, grant.profile, origin, grant.fields);
  const { token } = await services.auth.api.signJWT({
    body: { payload: { ...claims, sub: caller.user.id, iat: Math.floor(Date.now() / 1000) } },
  });
  return token;
}
