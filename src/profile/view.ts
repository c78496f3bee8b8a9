/** Reads the background profile off a user row (it lives there, see docs/architecture.md). */
import type { HardwareBackground, ProfileStatus, SoftwareLevel } from "../db/schema/profile";

/** The profile columns as they come from Drizzle or from Better Auth's session user. */
export interface ProfileRecord {
  id: string;
  software_level?: SoftwareLevel | string | null;
  hardware_background?: HardwareBackground | string | null;
  profile_status?: ProfileStatus | string | null;
  profile_created_at?: Date | string | null;
  profile_updated_at?: Date | string | null;
}

export interface ProfileView {
  user_id: string;
  software_level: SoftwareLevel;
  hardware_background: HardwareBackground;
  status: ProfileStatus;
  created_at: string;
  updated_at: string;
}

const iso = (value: Date | string) => new Date(value).toISOString();

/** The profile, or null when the user never had one (e.g. after a social sign-in). */
export function profileView(row: ProfileRecord): ProfileView | null {
  const { software_level, hardware_background, profile_status, profile_created_at, profile_updated_at } = row;
  if (!software_level || !hardware_background || !profile_status || !profile_created_at || !profile_updated_at)
    return null;
  return {
    user_id: row.id,
    software_level: software_level as SoftwareLevel,
    hardware_background: hardware_background as HardwareBackground,
    status: profile_status as ProfileStatus,
    created_at: iso(profile_created_at),
    updated_at: iso(profile_updated_at),
  };
}

/** Only an active profile personalizes; an archived one reads as no profile. */
export function activeProfile(profile: ProfileView | null): ProfileView | null {
  return profile?.status === "active" ? profile : null;
}

/** The profile back in its user-row columns (null without one): what access tokens and get-session carry. */
export function profileColumns(profile: ProfileView | null) {
  return {
    software_level: profile?.software_level ?? null,
    hardware_background: profile?.hardware_background ?? null,
    profile_status: profile?.status ?? null,
    profile_created_at: profile?.created_at ?? null,
    profile_updated_at: profile?.updated_at ?? null,
  };
}
