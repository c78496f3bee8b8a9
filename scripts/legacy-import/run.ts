/**
 * One run of the importer: plans every legacy user, writes (or, dry, previews) them a batch at a time, and
 * validates the target against the source. Batches are transactions and inserts skip what exists, so a run
 * stopped anywhere (killed, or the database failing) is completed by running it again.
 */
import { caseDuplicateRefusals, type Plan, type PlanContext, planUser } from "./plan.ts";
import { emptyReport, type Report, record, type Validation } from "./report.ts";
import { type LegacySource, type LegacyUser, openSource } from "./source.ts";
import { openTarget, type Standing, type Target } from "./target.ts";

export interface ImportOptions {
  source: string;
  target: string;
  mode: Report["mode"];
  batchSize: number;
  retentionDays: number;
  /** Told after each batch, for progress output. */
  onBatch?: (line: string) => void;
}

/** Attempts per batch: a dropped connection or a waking compute is worth a retry; a longer outage is not. */
const BATCH_ATTEMPTS = 3;

async function withRetries<T>(attempt: () => Promise<T>): Promise<T> {
  for (let tries = 1; ; tries += 1) {
    try {
      return await attempt();
    } catch (error) {
      if (tries >= BATCH_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500 * 2 ** tries));
    }
  }
}

/** Writes one page's imports (or, dry, previews them) and returns where each user stands. */
async function standingsOf(
  mode: Report["mode"],
  target: Target,
  imports: Extract<Plan, { outcome: "import" }>[],
  range: string,
): Promise<Map<number, Standing>> {
  if (imports.length === 0) return new Map();
  const users = imports.map((plan) => plan.user);
  if (mode === "dry-run") return target.preview(users);
  try {
    return await withRetries(() =>
      target.write(
        users,
        imports.flatMap((plan) => plan.accounts),
      ),
    );
  } catch (error) {
    throw new Error(
      `batch of legacy ids ${range} failed (${(error as Error).message}): a batch is written whole or not at all, and the batches before it are kept; run the same command again to finish`,
    );
  }
}

async function validate(
  source: LegacySource,
  target: Target,
  planOf: (user: LegacyUser) => Plan,
  batchSize: number,
): Promise<Validation> {
  const validation: Validation = {
    expected: 0,
    found: 0,
    missing: [],
    emailTaken: [],
    emailMismatches: [],
    unexpected: [],
    targetLegacyUsers: 0,
    ok: false,
  };
  for await (const page of source.pages(batchSize)) {
    const plans = page.map(planOf);
    const present = new Map(
      (await target.imported(plans.map((plan) => plan.legacyId))).map((row) => [row.legacy_user_id, row.email]),
    );
    const absent = [];
    for (const plan of plans) {
      const email = present.get(plan.legacyId);
      if (plan.outcome !== "import") {
        if (email !== undefined) validation.unexpected.push(plan.legacyId);
        continue;
      }
      validation.expected += 1;
      if (email === undefined) absent.push(plan.user);
      else if (email !== plan.user.email) {
        validation.emailMismatches.push({ legacyId: plan.legacyId, source: plan.user.email, target: email });
      } else validation.found += 1;
    }
    if (absent.length === 0) continue;
    for (const [legacyId, standing] of await target.preview(absent)) {
      (standing === "email_taken" ? validation.emailTaken : validation.missing).push(legacyId);
    }
  }
  validation.targetLegacyUsers = await target.importedCount();
  validation.ok =
    validation.missing.length === 0 &&
    validation.emailMismatches.length === 0 &&
    validation.unexpected.length === 0 &&
    validation.targetLegacyUsers === validation.found;
  return validation;
}

export async function runImport(options: ImportOptions): Promise<Report> {
  const started = performance.now();
  const report = emptyReport(options.mode, options.source, options.target);
  const context: PlanContext = { now: new Date(), retentionDays: options.retentionDays };
  const target = openTarget(options.target);
  await target.check();
  const source = await openSource(options.source);
  try {
    report.sourceShape = source.shape;
    report.counts.source = await source.count();
    const duplicates = caseDuplicateRefusals(await source.caseDuplicates(), context);
    const planOf = (user: LegacyUser) => duplicates.get(user.id) ?? planUser(user, context);

    if (options.mode !== "validate") {
      for await (const page of source.pages(options.batchSize)) {
        const plans = page.map(planOf);
        const imports = plans.flatMap((plan) => (plan.outcome === "import" ? [plan] : []));
        const range = `${page[0]?.id}-${page.at(-1)?.id}`;
        const standings = await standingsOf(options.mode, target, imports, range);
        for (const plan of plans) record(report, plan, standings.get(plan.legacyId));
        report.batches += 1;
        options.onBatch?.(
          `batch ${report.batches}: legacy ids ${range}, ${[...standings.values()].filter((standing) => standing === "imported").length} ${options.mode === "dry-run" ? "to import" : "imported"}`,
        );
      }
    }
    if (options.mode !== "dry-run") report.validation = await validate(source, target, planOf, options.batchSize);
  } catch (error) {
    report.error = (error as Error).message;
  } finally {
    await source.close();
    report.seconds = (performance.now() - started) / 1000;
    report.usersPerSecond = report.counts.source / Math.max(report.seconds, 0.001);
  }
  return report;
}
