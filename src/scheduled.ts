/**
 * The Worker's Cron Trigger (schedule in wrangler.toml): purges accounts whose retention window has passed,
 * deletes raw interaction records past theirs, and forgets rate-limit counters whose window ended a day ago,
 * spent refresh tokens whose sessions would have expired, expired codes, links and challenges, and
 * security-log events past their retention.
 */
import { purgeDeletedAccounts } from "./account/deletion";
import { pruneSpentRefreshTokens } from "./auth/token-pairs/rotation";
import { pruneExpiredVerifications } from "./auth/verification-retention";
import { loadConfig } from "./config";
import { createDatabase } from "./db/client";
import type { Bindings } from "./env";
import { describeError, logEvent } from "./errors/log";
import { pruneInteractions } from "./personalization/retention";
import { pruneCounters } from "./rate-limit/consume";
import { pruneSecurityEvents } from "./security-log/store";

export async function scheduled(controller: ScheduledController, env: Bindings): Promise<void> {
  const config = loadConfig(env);
  const db = createDatabase(config.databaseUrl);
  // The run's own time, not the clock: a delayed run purges what was due when it was scheduled.
  const now = new Date(controller.scheduledTime);
  try {
    const purged = await purgeDeletedAccounts(db, config.retentionDays, now);
    const interactions = await pruneInteractions(db, config.interactionRetentionDays, now);
    const pruned = await pruneCounters(db);
    const spentTokens = await pruneSpentRefreshTokens(db);
    const verifications = await pruneExpiredVerifications(db);
    const securityEvents = await pruneSecurityEvents(db, config.securityLogRetentionDays);
    logEvent("info", {
      source: "scheduled",
      cron: controller.cron,
      purged_accounts: purged,
      deleted_interactions: interactions,
      pruned_counters: pruned,
      pruned_spent_refresh_tokens: spentTokens,
      pruned_verifications: verifications,
      deleted_security_events: securityEvents,
    });
  } catch (error) {
    logEvent("error", { source: "scheduled", cron: controller.cron, error: describeError(error) });
    // Rethrown so the run shows as failed; the next run picks up whatever is still due.
    throw error;
  }
}
