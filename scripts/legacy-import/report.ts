/** What an import run did (or, dry, would do), printed for people and written as JSON for tools. */
import { writeFile } from "node:fs/promises";
import type { NotCarried, Plan, RejectReason } from "./plan.ts";
import type { Standing } from "./target.ts";

export interface Refusal {
  legacyId: number;
  email: string;
  reason: RejectReason | "past_retention";
  detail: string;
  duplicateOf?: number;
}

export interface Validation {
  /** Source users the importer imports (the rest are refused or skipped, each listed with its reason). */
  expected: number;
  /** Of those, in the target under their legacy id with the same email. */
  found: number;
  /** Expected but absent (not imported yet), by legacy id. */
  missing: number[];
  /** Expected, but the target's account with their email is another one (refused as email_taken). */
  emailTaken: number[];
  /** In the target under their legacy id with another email. */
  emailMismatches: { legacyId: number; source: string; target: string }[];
  /** In the target although the importer refuses or skips them. */
  unexpected: number[];
  /** Users with a legacy id in the target: equals `found` unless the target has users of another source. */
  targetLegacyUsers: number;
  ok: boolean;
}

export interface Report {
  mode: "dry-run" | "import" | "validate";
  source: string;
  target: string;
  startedAt: string;
  seconds: number;
  /** Source users handled per second, end to end (reading, planning, writing). */
  usersPerSecond: number;
  sourceShape: { optionalColumns: string[]; oauthAccounts: boolean };
  batches: number;
  counts: { source: number; imported: number; alreadyImported: number; rejected: number; skipped: number };
  /** Of the users `imported` counts. */
  imported: {
    argon2Password: number;
    bcryptPassword: number;
    noPassword: number;
    oauthAccounts: number;
    admins: number;
    disabled: number;
    deleted: number;
    emailVerified: number;
  };
  rejected: Refusal[];
  skipped: Refusal[];
  /** Legacy data with no place here (an unverified phone number, a picture that is no URL…), by user. */
  notCarried: ({ legacyId: number } & NotCarried)[];
  validation?: Validation;
  /** Why the run stopped early; what the batches before it wrote stays written. */
  error?: string;
}

/** A connection string fit to print: no password. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparseable URL)";
  }
}

export function emptyReport(mode: Report["mode"], source: string, target: string): Report {
  return {
    mode,
    source: redactUrl(source),
    target: redactUrl(target),
    startedAt: new Date().toISOString(),
    seconds: 0,
    usersPerSecond: 0,
    sourceShape: { optionalColumns: [], oauthAccounts: false },
    batches: 0,
    counts: { source: 0, imported: 0, alreadyImported: 0, rejected: 0, skipped: 0 },
    imported: {
      argon2Password: 0,
      bcryptPassword: 0,
      noPassword: 0,
      oauthAccounts: 0,
      admins: 0,
      disabled: 0,
      deleted: 0,
      emailVerified: 0,
    },
    rejected: [],
    skipped: [],
    notCarried: [],
  };
}

/** Adds one planned user, and where it stood in the target, to the report. */
export function record(report: Report, plan: Plan, standing?: Standing): void {
  if (plan.outcome === "rejected") {
    report.counts.rejected += 1;
    const { outcome: _, ...refusal } = plan;
    report.rejected.push(refusal);
    return;
  }
  if (plan.outcome === "skipped") {
    report.counts.skipped += 1;
    const { outcome: _, ...refusal } = plan;
    report.skipped.push(refusal);
    return;
  }
  if (standing === "email_taken") {
    report.counts.rejected += 1;
    report.rejected.push({
      legacyId: plan.legacyId,
      email: plan.user.email,
      reason: "email_taken",
      detail: "an account that was not imported from this source already has this email in the target",
    });
    return;
  }
  if (standing === "already_imported") {
    report.counts.alreadyImported += 1;
    return;
  }
  report.counts.imported += 1;
  const { imported } = report;
  if (plan.passwordFormat === "argon2") imported.argon2Password += 1;
  else if (plan.passwordFormat === "bcrypt") imported.bcryptPassword += 1;
  else imported.noPassword += 1;
  imported.oauthAccounts += plan.accounts.filter((account) => account.providerId !== "credential").length;
  if (plan.user.role === "admin") imported.admins += 1;
  if (plan.user.banned) imported.disabled += 1;
  if (plan.user.deleted_at) imported.deleted += 1;
  if (plan.user.emailVerified) imported.emailVerified += 1;
  if (Object.keys(plan.notCarried).length > 0) report.notCarried.push({ legacyId: plan.legacyId, ...plan.notCarried });
}

function countBy(refusals: Refusal[]): string {
  const counts = new Map<string, number>();
  for (const refusal of refusals) counts.set(refusal.reason, (counts.get(refusal.reason) ?? 0) + 1);
  return [...counts].map(([reason, count]) => `${reason} ${count}`).join(", ");
}

export function reportText(report: Report): string {
  const dry = report.mode === "dry-run";
  const { counts, imported } = report;
  const lines = [
    `${dry ? "dry run (nothing written)" : report.mode}: ${counts.source} legacy users in ${report.seconds.toFixed(1)} s (${Math.round(report.usersPerSecond)} users/s, ${report.batches} batches)`,
  ];
  if (report.mode !== "validate") {
    lines.push(
      `  ${dry ? "would import" : "imported"}: ${counts.imported} (argon2 ${imported.argon2Password}, bcrypt ${imported.bcryptPassword}, no password ${imported.noPassword}; ${imported.oauthAccounts} OAuth accounts; ${imported.admins} admins, ${imported.disabled} disabled, ${imported.deleted} deleted, ${imported.emailVerified} verified)`,
      `  already imported: ${counts.alreadyImported}${counts.imported === 0 && counts.alreadyImported > 0 && !dry ? " (nothing changed)" : ""}`,
      `  ${dry ? "would refuse" : "refused"}: ${counts.rejected}${counts.rejected ? ` (${countBy(report.rejected)})` : ""}`,
      `  skipped: ${counts.skipped}${counts.skipped ? ` (${countBy(report.skipped)})` : ""}`,
    );
    for (const refusal of [...report.rejected, ...report.skipped]) {
      lines.push(`    legacy user ${refusal.legacyId} <${refusal.email}>: ${refusal.reason}: ${refusal.detail}`);
    }
    if (report.notCarried.length > 0) {
      lines.push(
        `  not carried over (still in the source): ${report.notCarried.length} users, e.g. unverified phone numbers`,
      );
    }
  }
  const validation = report.validation;
  if (validation) {
    lines.push(
      `  validation ${validation.ok ? "passed" : "FAILED"}: ${validation.found} of ${validation.expected} expected users found with the same email; ${validation.missing.length} missing, ${validation.emailTaken.length} refused for a taken email, ${validation.emailMismatches.length} with another email, ${validation.unexpected.length} unexpected; ${validation.targetLegacyUsers} imported users in the target`,
    );
  }
  return lines.join("\n");
}

export async function writeReport(report: Report, path: string): Promise<void> {
  await writeFile(path, `${JSON.stringify(report, null, 2)}\n`);
}
