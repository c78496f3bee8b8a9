/** The profile's writes: each one statement on the user row, answering the profile as saved (null: none to change). */
import { and, eq, isNotNull, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { user } from "../db/schema";
import type { HardwareBackground, SoftwareLevel } from "../db/schema/profile";
import { type ProfileView, profileView } from "./view";

/** The profile's columns of the user row, for a select that builds a ProfileView. */
export const profileSelection = {
  id: user.id,
  software_level: user.software_level,
  hardware_background: user.hardware_background,
  profile_status: user.profile_status,
  profile_created_at: user.profile_created_at,
  profile_updated_at: user.profile_updated_at,
};

export interface BackgroundProfile {
  software_level: SoftwareLevel;
  hardware_background: HardwareBackground;
}

const asView = ([row]: { id: string }[]) => (row ? profileView(row) : null);

/** Creates the profile or replaces it, re-activating an archived one; the creation time is kept. */
export async function replaceProfile(db: Database, userId: string, profile: BackgroundProfile) {
  return asView(
    await db
      .update(user)
      .set({
        ...profile,
        profile_status: "active",
        profile_created_at: sql`coalesce(${user.profile_created_at}, now())`,
        profile_updated_at: sql`now()`,
      })
      .where(eq(user.id, userId))
      .returning(profileSelection),
  );
}

/** Changes the fields given, of a profile that exists. */
export async function patchProfile(
  db: Database,
  userId: string,
  patch: Partial<BackgroundProfile>,
): Promise<ProfileView | null> {
  return asView(
    await db
      .update(user)
      .set({ ...patch, profile_updated_at: sql`now()` })
      .where(and(eq(user.id, userId), isNotNull(user.profile_status)))
      .returning(profileSelection),
  );
}

/** Archives a profile that exists: the context turns neutral until a replace re-activates it. */
export async function archiveProfile(db: Database, userId: string): Promise<ProfileView | null> {
  return asView(
    await db
      .update(user)
      .set({ profile_status: "archived", profile_updated_at: sql`now()` })
      .where(and(eq(user.id, userId), isNotNull(user.profile_status)))
      .returning(profileSelection),
  );
}
