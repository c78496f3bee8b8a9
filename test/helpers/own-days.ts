/**
 * Days whose daily interaction totals belong to one test file: files that share the database (and run side
 * by side) each take their own range of past days, and each call within a file the next day of it. The
 * ranges stay inside the raw records' retention, so no file's scheduled run prunes another's records.
 */
const DAY_MS = 86_400_000;

export function ownDays(daysAgoFrom: number) {
  // A random start within the file's 90-day range: a rerun against a kept database meets no earlier totals.
  let next = daysAgoFrom + Math.floor(Math.random() * 60);
  return (): string => new Date(Date.now() - next++ * DAY_MS).toISOString().slice(0, 10);
}
