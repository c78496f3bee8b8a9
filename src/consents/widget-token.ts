/**
 * Access tokens for an embedding site: minted for the site's origin, they carry the fields the user allowed
 * it and nothing else (no email, no name), so a widget that decodes its token learns no more than the
 * context would tell it. The consent travels in the token: reading the context with it needs no database.
 */
import { z } from "zod";
import type { Auth } from "../auth/create-auth";
import type { Caller, WidgetGrant } from "../caller/caller";
import type { Database } from "../db/client";
import { type ConsentField, HARDWARE_BACKGROUNDS, SOFTWARE_LEVELS } from "../db/schema";
import { ApiError } from "../errors/api-error";
import { activeProfile, type ProfileView } from "../profile/view";
import { grantFor } from "./queries";
import { consentFieldSchema } from "./schemas";

/** The claims of a widget's token besides the standard ones (`sub`, `exp`, `iss`, `aud`). */
export interface WidgetTokenClaims {
  sid: string;
  /** The site it was minted for (OpenID Connect's "authorized party"). */
  azp: string;
  consent: ConsentField[];
  software_level?: WidgetGrant["softwareLevel"];
  hardware_background?: WidgetGrant["hardwareBackground"];
}

export function widgetTokenClaims(
  sessionId: string,
  profile: ProfileView | null,
  origin: string,
  fields: ConsentField[],
): WidgetTokenClaims {
  const active = activeProfile(profile);
  return {
    sid: sessionId,
    azp: origin,
    consent: fields,
    ...(active && fields.includes("software_level") ? { software_level: active.software_level } : {}),
    ...(active && fields.includes("hardware_background") ? { hardware_background: active.hardware_background } : {}),
  };
}

const widgetClaimsSchema = z.object({
  azp: z.string(),
  consent: z.array(consentFieldSchema),
  software_level: z.enum(SOFTWARE_LEVELS).optional(),
  hardware_background: z.enum(HARDWARE_BACKGROUNDS).optional(),
});

/** The caller a verified widget token proves: no profile, no email or name, only its grant. */
export function widgetCaller(payload: unknown, sub: string, sid: string, expiresAt: Date): Caller | null {
  const claims = widgetClaimsSchema.safeParse(payload);
  if (!claims.success) return null;
  const { azp, consent, software_level, hardware_background } = claims.data;
  return {
    user: { id: sub, email: "", name: "", image: null, emailVerified: false, phoneNumberVerified: false },
    profile: null,
    session: { id: sid, expiresAt, credential: "access-token" },
    widget: {
      origin: azp,
      fields: consent,
      softwareLevel: consent.includes("software_level") ? (software_level ?? null) : null,
      hardwareBackground: consent.includes("hardware_background") ? (hardware_background ?? null) : null,
    },
  };
}

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
