/**
 * Token pairs for mobile apps, in the shape of the older API (seed 004's TokenResponse): the access token is
 * our Ed25519 JWT (answered at the edge with no round trip), the refresh token is the session's token.
 */
import { accessTokenClaims } from "../../caller/access-tokens";
import { callerFrom, type SessionRecord, type UserRecord } from "../../caller/caller";
import type { Config } from "../../config";
import type { Auth } from "../create-auth";

export interface TokenPair {
  access_token: string;
  refresh_token: string;
  token_type: "bearer";
  user_id: string;
  /** Seconds the access token lives: the freshness bound. */
  expires_in: number;
}

export async function tokenPair(
  auth: Auth,
  config: Config,
  user: UserRecord,
  session: SessionRecord & { token: string },
): Promise<TokenPair> {
  const caller = callerFrom(user, session, "access-token");
  const { token } = await auth.api.signJWT({ body: { payload: { ...accessTokenClaims(caller), sub: user.id } } });
  return {
    access_token: token,
    refresh_token: session.token,
    token_type: "bearer",
    user_id: user.id,
    expires_in: config.freshnessSeconds,
  };
}
