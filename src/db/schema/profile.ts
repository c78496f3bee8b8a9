/**
 * The learner's background profile. Its values are the API's wire values and Postgres enums; the profile
 * itself lives on the user row (see docs/architecture.md, "Background profile").
 */
import { pgEnum } from "drizzle-orm/pg-core";

export const SOFTWARE_LEVELS = ["beginner", "intermediate", "advanced"] as const;
export const HARDWARE_BACKGROUNDS = ["robotics", "embedded systems", "none", "other"] as const;
export const PROFILE_STATUSES = ["active", "archived"] as const;

export type SoftwareLevel = (typeof SOFTWARE_LEVELS)[number];
export type HardwareBackground = (typeof HARDWARE_BACKGROUNDS)[number];
export type ProfileStatus = (typeof PROFILE_STATUSES)[number];

export const softwareLevel = pgEnum("software_level", SOFTWARE_LEVELS);
export const hardwareBackground = pgEnum("hardware_background", HARDWARE_BACKGROUNDS);
export const profileStatus = pgEnum("profile_status", PROFILE_STATUSES);
