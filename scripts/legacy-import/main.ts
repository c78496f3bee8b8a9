/**
 * `npm run import:legacy -- --source <postgres URL> [--dry-run | --validate] [--batch-size N] [--report FILE]`:
 * brings the users of a fastapi-users database into the database `npm run db:migrate` uses (see
 * scripts/database-url.ts), then checks the result against the source. The README's "Moving from
 * fastapi-users" section is the operator's guide.
 */
import { parseArgs } from "node:util";
import { projectDatabaseUrl } from "../database-url.ts";
import { reportText, writeReport } from "./report.ts";
import { runImport } from "./run.ts";

const USAGE = `usage: npm run import:legacy -- --source postgres://user:pass@host/db [--dry-run | --validate]
         [--batch-size 500] [--report legacy-import-report.json]
  --dry-run   write nothing; print and save what a run would do
  --validate  write nothing; compare the target with the source (a run validates on its own too)`;

function fail(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(1);
}

function parse() {
  try {
    return parseArgs({
      options: {
        source: { type: "string" },
        "dry-run": { type: "boolean", default: false },
        validate: { type: "boolean", default: false },
        "batch-size": { type: "string", default: "500" },
        report: { type: "string", default: "legacy-import-report.json" },
      },
    }).values;
  } catch (error) {
    fail((error as Error).message);
  }
}

const args = parse();
const batchSize = Number(args["batch-size"]);
const retentionDays = Number(process.env.ACCOUNT_RETENTION_DAYS ?? 30);
if (!args.source) fail("--source is required: the fastapi-users database's postgres:// URL");
if (args["dry-run"] && args.validate) fail("--dry-run and --validate are two different runs: choose one");
// Neon caps a request's body; 1,000 users with their accounts stay far below it.
if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 1000) fail("--batch-size must be 1 to 1000");
if (!Number.isInteger(retentionDays) || retentionDays < 1)
  fail("ACCOUNT_RETENTION_DAYS must be a whole number of days");

const report = await runImport({
  source: args.source,
  target: projectDatabaseUrl(),
  mode: args["dry-run"] ? "dry-run" : args.validate ? "validate" : "import",
  batchSize,
  retentionDays,
  onBatch: (line) => console.log(line),
}).catch((error: Error) => {
  console.error(`import:legacy: ${error.message}`);
  process.exit(1);
});

await writeReport(report, args.report);
console.log(reportText(report));
console.log(`report: ${args.report}`);
if (report.error) {
  console.error(`import:legacy stopped: ${report.error}`);
  process.exit(1);
}
if (report.validation && !report.validation.ok) process.exit(2);
