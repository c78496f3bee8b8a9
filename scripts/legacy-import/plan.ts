/**
 * What becomes of one legacy user: the rows it is imported as, or why it is not imported. Pure, so a dry
 * run and a real run decide alike; the target's own state (already imported, email taken) is ./target.ts's.
 */
import { generateRandomString } from "better-auth/crypto";
import { type UnusableHash, unusableReason } from "../../src/auth/password-hashes/formats.ts";
import { defaultDisplayName, E164, emailSchema, httpUrlSchema, timeZoneSchema } from "../../src/validation/fields.ts";
import type { LegacyUser } from "./source.ts";

/** Why a legacy user is not imported. */
export type RejectReason = "invalid_email" | "duplicate_email" | UnusableHash | "email_taken";

/** The ban reason of users fastapi-users had deactivated (`is_active = false`). */
export const DEACTIVATED_REASON = "Deactivated in the fastapi-users system before the import";

const NAME_MAX_LENGTH = 100;

export interface TargetUser {
  id: string;
  legacy_user_id: number;
  name: string;
  email: string;
  emailVerified: boolean;
  image: string | null;
  timezone: string | null;
  last_login_at: string | null;
  role: "admin" | "user";
  banned: boolean;
  banReason: string | null;
  deleted_at: string | null;
  /** A number the old system had verified, in E.164; verified here too. */
  phoneNumber: string | null;
}

export interface TargetAccount {
  id: string;
  legacy_user_id: number;
  providerId: string;
  /** The provider's id for the user; credential accounts use the user's own id (set in the database). */
  accountId: string | null;
  password: string | null;
  accessToken: string | null;
  refreshToken: string | null;
  accessTokenExpiresAt: string | null;
}

/** Legacy data with no place in the target, listed in the report so nothing is dropped unseen. */
export interface NotCarried {
  /** A number never verified (it is proven here before it counts) or not E.164. */
  phone?: string;
  picture?: string;
  timezone?: string;
}

export type Plan =
  | {
      outcome: "import";
      legacyId: number;
      user: TargetUser;
      accounts: TargetAccount[];
      passwordFormat: "argon2" | "bcrypt" | "none";
      notCarried: NotCarried;
    }
  | {
      outcome: "rejected";
      legacyId: number;
      email: string;
      reason: RejectReason;
      detail: string;
      /** For `duplicate_email`: the legacy user imported with the address. */
      duplicateOf?: number;
    }
  | { outcome: "skipped"; legacyId: number; email: string; reason: "past_retention"; detail: string };

export interface PlanContext {
  now: Date;
  retentionDays: number;
}

/** Control characters and unpaired surrogates have no place in a name (src/validation/fields.ts). */
const CONTROL_OR_BROKEN = /\p{Cc}|\p{Cs}/gu;

function displayName(user: LegacyUser, email: string): string {
  const fullName = user.full_name?.trim();
  const parts = [user.first_name, user.last_name].map((part) => part?.trim()).filter(Boolean);
  const name = (fullName || parts.join(" ")).replace(CONTROL_OR_BROKEN, "").slice(0, NAME_MAX_LENGTH).trim();
  return name || defaultDisplayName(email);
}

/** When the user was deleted: the legacy date, or the import's for a deletion flag without one. */
function deletedAt(user: LegacyUser, now: Date): Date | null {
  if (user.deleted_at) return user.deleted_at;
  return user.is_deleted ? now : null;
}

export function planUser(user: LegacyUser, context: PlanContext): Plan {
  const parsedEmail = emailSchema.safeParse(user.email);
  if (!parsedEmail.success) {
    return {
      outcome: "rejected",
      legacyId: user.id,
      email: user.email,
      reason: "invalid_email",
      detail: "not an email address our sign-up would accept",
    };
  }
  const email = parsedEmail.data;

  const deleted = deletedAt(user, context.now);
  const windowEnd = deleted && new Date(deleted.getTime() + context.retentionDays * 86_400_000);
  if (windowEnd && windowEnd <= context.now) {
    return {
      outcome: "skipped",
      legacyId: user.id,
      email,
      reason: "past_retention",
      detail: `deleted ${deleted.toISOString()}, past the ${context.retentionDays}-day retention window`,
    };
  }

  const hash = user.hashed_password?.trim() ?? "";
  const unusable = hash === "" ? undefined : unusableReason(hash);
  if (unusable) {
    return {
      outcome: "rejected",
      legacyId: user.id,
      email,
      reason: unusable,
      detail:
        unusable === "unknown_hash_format"
          ? `password hash starting ${JSON.stringify(hash.slice(0, 12))} is in no format sign-in verifies`
          : "argon2 memory cost above 64 MiB cannot be verified within a Worker's 128 MB",
    };
  }

  const picture = user.picture?.trim() || null;
  const image = picture && httpUrlSchema.safeParse(picture).success ? picture : null;
  const timezone = user.timezone?.trim() || null;
  const zone = timezone && timeZoneSchema.safeParse(timezone).success ? timezone : null;
  const notCarried: NotCarried = {};
  const phone = user.phone?.trim() || null;
  const e164 = phone?.replace(/[\s().-]/g, "") ?? null;
  const phoneNumber = e164 && E164.test(e164) && user.phone_verified ? e164 : null;
  if (phone && !phoneNumber) notCarried.phone = phone;
  if (picture && !image) notCarried.picture = picture;
  if (timezone && !zone) notCarried.timezone = timezone;

  const accounts: TargetAccount[] = user.oauth.map((oauth) => ({
    id: `legacy-oauth-${oauth.id}`,
    legacy_user_id: user.id,
    providerId: oauth.oauth_name,
    accountId: oauth.account_id,
    password: null,
    accessToken: oauth.access_token,
    refreshToken: oauth.refresh_token,
    accessTokenExpiresAt: oauth.expires_at == null ? null : new Date(oauth.expires_at * 1000).toISOString(),
  }));
  if (hash) {
    accounts.unshift({
      id: `legacy-credential-${user.id}`,
      legacy_user_id: user.id,
      providerId: "credential",
      accountId: null,
      password: hash,
      accessToken: null,
      refreshToken: null,
      accessTokenExpiresAt: null,
    });
  }

  return {
    outcome: "import",
    legacyId: user.id,
    passwordFormat: hash === "" ? "none" : hash.startsWith("$argon2") ? "argon2" : "bcrypt",
    notCarried,
    accounts,
    user: {
      // Better Auth's own id shape: 32 letters and digits.
      id: generateRandomString(32, "a-z", "A-Z", "0-9"),
      legacy_user_id: user.id,
      name: displayName(user, email),
      email,
      emailVerified: user.is_verified || user.email_verified === true,
      image,
      timezone: zone,
      last_login_at: user.last_logged_in?.toISOString() ?? null,
      role: user.is_superuser ? "admin" : "user",
      banned: !user.is_active,
      banReason: user.is_active ? null : DEACTIVATED_REASON,
      deleted_at: deleted?.toISOString() ?? null,
      phoneNumber,
    },
  };
}

/**
 * Of users whose emails differ only in case, the lowest id among those that would be imported keeps the
 * address; the others are refused, naming it. Returns the refusals by legacy id.
 */
export function caseDuplicateRefusals(group: LegacyUser[], context: PlanContext): Map<number, Plan> {
  const refusals = new Map<number, Plan>();
  const byEmail = new Map<string, number>();
  for (const user of [...group].sort((a, b) => a.id - b.id)) {
    const plan = planUser(user, context);
    if (plan.outcome !== "import") continue;
    const keeper = byEmail.get(plan.user.email);
    if (keeper === undefined) {
      byEmail.set(plan.user.email, user.id);
      continue;
    }
    refusals.set(user.id, {
      outcome: "rejected",
      legacyId: user.id,
      email: user.email,
      reason: "duplicate_email",
      detail: `the same address as legacy user ${keeper}, differing only in case; that one is imported`,
      duplicateOf: keeper,
    });
  }
  return refusals;
}
