/**
 * Analytics read the daily totals (interaction_daily), never the raw records: a query over months reads a
 * few thousand rows through the totals' (day, …) index, however many interactions there were.
 */
import { and, asc, gte, lte, type SQL, sql } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import type { Database } from "../db/client";
import { interactionDaily } from "../db/schema";
import type { AnalyticsQuery, GroupDimension, Totals } from "./schemas";

const DIMENSION_COLUMNS: Record<GroupDimension, PgColumn> = {
  content_type: interactionDaily.contentType,
  software_level: interactionDaily.softwareLevel,
  hardware_background: interactionDaily.hardwareBackground,
  profile_state: interactionDaily.profileState,
};

const RATINGS = [0, 1, 2, 3, 4, 5] as const;
const ratedColumns = [
  interactionDaily.rated0,
  interactionDaily.rated1,
  interactionDaily.rated2,
  interactionDaily.rated3,
  interactionDaily.rated4,
  interactionDaily.rated5,
];

const total = (column: PgColumn) => sql<number>`coalesce(sum(${column}), 0)::int`;

export type GroupRow = Partial<Record<GroupDimension | "day", string | null>> & {
  count: number;
  rated: number;
  sum: number;
  distribution: number[];
};

export async function groupedTotals(
  db: Database,
  query: AnalyticsQuery,
  dimensions: GroupDimension[],
): Promise<GroupRow[]> {
  const keys: Record<string, PgColumn> = Object.fromEntries(dimensions.map((name) => [name, DIMENSION_COLUMNS[name]]));
  if (query.interval === "day") keys.day = interactionDaily.day;
  const keyColumns = Object.values(keys);
  const rows = await db
    .select({
      ...keys,
      count: total(interactionDaily.count),
      rated: total(interactionDaily.rated),
      sum: total(interactionDaily.effectivenessSum),
      ...Object.fromEntries(ratedColumns.map((column, rating) => [`rated_${rating}`, total(column)])),
    } as Record<string, PgColumn | SQL>)
    .from(interactionDaily)
    .where(and(gte(interactionDaily.day, query.from), lte(interactionDaily.day, query.to)))
    .groupBy(...keyColumns)
    .orderBy(...keyColumns.map((column) => asc(column)));
  return rows.map((row) => {
    const record = row as Record<string, unknown>;
    return {
      ...Object.fromEntries(Object.keys(keys).map((name) => [name, (record[name] as string | null) ?? null])),
      count: Number(record.count),
      rated: Number(record.rated),
      sum: Number(record.sum),
      distribution: RATINGS.map((rating) => Number(record[`rated_${rating}`])),
    };
  });
}

export function totals(rows: Pick<GroupRow, "count" | "rated" | "sum" | "distribution">[]): Totals {
  const count = rows.reduce((sum, row) => sum + row.count, 0);
  const rated = rows.reduce((sum, row) => sum + row.rated, 0);
  const ratingSum = rows.reduce((sum, row) => sum + row.sum, 0);
  const distribution = RATINGS.map((rating) => rows.reduce((sum, row) => sum + (row.distribution[rating] ?? 0), 0));
  return {
    count,
    rated,
    mean_effectiveness: rated === 0 ? null : Math.round((ratingSum / rated) * 1000) / 1000,
    distribution: Object.fromEntries(distribution.map((value, rating) => [rating, value])) as Totals["distribution"],
  };
}
