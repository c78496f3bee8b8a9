/**
 * Access tokens for an embedding site: minted for the site's origin, they carry the fields the user allowed
 * it and nothing else (no email, no name), so a widget that decodes its token learns no more than the
 * context would tell it. The consent travels in the token: reading the context with it needs no database.
 */
import { z } from "zod";
import { type Caller, type WidgetGrant, widgetGrant } from "../caller/caller";
import { type ConsentField, HARDWARE_BACKGROUNDS, SOFTWARE_LEVELS } from "../db/schema";
import { activeProfile, type ProfileView } from "../profile/view";
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
    widget: widgetGrant(azp, consent, software_level ?? null, hardware_background ?? null),
  };
}
