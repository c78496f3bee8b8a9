/** The Worker's Cron Trigger (schedule in wrangler.toml): purges accounts whose retention window has passed. */
import { purgeDeletedAccounts } from "./accounts/deletion";
import { loadConfig } from "./config";
import { createDatabase } from "./db/client";
import type { Bindings } from "./env";
import { describeError, logEvent } from "./errors/log";

export async function scheduled(controller: ScheduledController, env: Bindings): Promise<void> {
  const config = loadConfig(env);
  try {
    // The run's own time, not the clock: a delayed run purges what was due when it was scheduled.
    const purged = await purgeDeletedAccounts(
      createDatabase(config.databaseUrl),
      config.retentionDays,
      new Date(controller.scheduledTime),
    );
    logEvent("info", { source: "scheduled", cron: controller.cron, purged_accounts: purged });
  } catch (error) {
    logEvent("error", { source: "scheduled", cron: controller.cron, error: describeError(error) });
    // Rethrown so the run shows as failed; the next run picks up whatever is still due.
    throw error;
  }
}
