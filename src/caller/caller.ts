/**
 * Who is calling, however they proved it: one projection, built here from a user row (Better Auth's
 * session, its signed cookie cache, or an access token's claims) and read by handlers as `c.var.caller`.
 */
import type { ConsentField } from "../db/schema/consents";
import type { HardwareBackground, SoftwareLevel } from "../db/schema/profile";
import { type ProfileRecord, type ProfileView, profileView } from "../profile/view";

export type Credential = "cookie" | "session-token" | "access-token";

export interface Caller {
  user: {
    id: string;
    email: string;
    name: string;
    image: string | null;
    emailVerified: boolean;
    /** Whether the user has proven a phone number (the number itself stays out of access tokens). */
    phoneNumberVerified: boolean;
  };
  /** The background profile, active or archived; null when the user never made one. */
  profile: ProfileView | null;
  session: {
    id: string;
    expiresAt: Date;
    /** How the caller proved it; changes re-issue what the caller holds accordingly. */
    credential: Credential;
  };
  /**
   * Set for an access token minted for an embedding site (src/consents/widget-token.ts): the site's origin,
   * the fields the user allowed it, and the profile fields among them. The caller's `profile` is then null
   * and its user carries no email or name: the token holds nothing the user did not allow the site.
   */
  widget: WidgetGrant | null;
}

export interface WidgetGrant {
  origin: string;
  fields: ConsentField[];
  softwareLevel: SoftwareLevel | null;
  hardwareBackground: HardwareBackground | null;
}

/** A user row as Better Auth hands it over (session, cookie cache): our fields arrive loosely typed. */
export interface UserRecord extends Omit<ProfileRecord, "id"> {
  id: string;
  email: string;
  name: string;
  image?: string | null;
  emailVerified: boolean;
  phoneNumberVerified?: boolean | null;
}

export interface SessionRecord {
  id: string;
  expiresAt: Date | string;
}

/** A site's grant of `fields`: the profile fields outside them are dropped. */
export function widgetGrant(
  origin: string,
  fields: ConsentField[],
  softwareLevel: SoftwareLevel | null,
  hardwareBackground: HardwareBackground | null,
): WidgetGrant {
  return {
    origin,
    fields,
    softwareLevel: fields.includes("software_level") ? softwareLevel : null,
    hardwareBackground: fields.includes("hardware_background") ? hardwareBackground : null,
  };
}

export function callerFrom(user: UserRecord, session: SessionRecord, credential: Credential): Caller {
  return {
    user: {
      id: user.id,
      email: user.email,
      name: user.name,
      image: user.image ?? null,
      emailVerified: user.emailVerified,
      phoneNumberVerified: user.phoneNumberVerified ?? false,
    },
    profile: profileView(user),
    session: { id: session.id, expiresAt: new Date(session.expiresAt), credential },
    widget: null,
  };
}
