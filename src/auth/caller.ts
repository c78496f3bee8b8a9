/** Who is calling, however they proved it: what handlers read from `c.var.user` and `c.var.session`. */
import type { HardwareBackground, ProfileStatus, SoftwareLevel } from "../db/schema/profile";

export interface CallerUser {
  id: string;
  email: string;
  name: string;
  image: string | null;
  emailVerified: boolean;
  software_level: SoftwareLevel | null;
  hardware_background: HardwareBackground | null;
  profile_status: ProfileStatus | null;
  profile_created_at: Date | null;
  profile_updated_at: Date | null;
}

export interface CallerSession {
  id: string;
  userId: string;
  expiresAt: Date;
  /**
   * How the caller proved it: the session cookie, the session token as a bearer, or a short-lived access
   * token (JWT). Changes re-issue what the caller holds accordingly.
   */
  credential: "cookie" | "session-token" | "access-token";
}

/** A user row as Better Auth hands it over (session, cookie cache): our fields arrive loosely typed. */
export interface UserRecord {
  id: string;
  email: string;
  name: string;
  image?: string | null;
  emailVerified: boolean;
  software_level?: string | null;
  hardware_background?: string | null;
  profile_status?: string | null;
  profile_created_at?: Date | string | null;
  profile_updated_at?: Date | string | null;
}
