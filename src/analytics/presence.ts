/** Personalized against neutral context: totals grouped with profile_state folded into one entry per group. */
import { type GroupRow, totals } from "./queries";
import type { GroupDimension, Totals } from "./schemas";

const thousandths = (value: number) => Math.round(value * 1000) / 1000;

function compare(members: GroupRow[]) {
  const of = (...states: string[]): Totals => totals(members.filter((row) => states.includes(row.profile_state ?? "")));
  const personalized = of("active");
  const neutral = of("archived", "absent");
  const all = personalized.count + neutral.count;
  return {
    personalized,
    neutral,
    archived: of("archived"),
    absent: of("absent"),
    share_neutral: all === 0 ? null : thousandths(neutral.count / all),
    mean_difference:
      personalized.mean_effectiveness === null || neutral.mean_effectiveness === null
        ? null
        : thousandths(personalized.mean_effectiveness - neutral.mean_effectiveness),
  };
}

/** One entry per group of `keyNames` (profile_state aside), in the rows' order. */
export function presenceByGroup(rows: GroupRow[], keyNames: (Exclude<GroupDimension, "profile_state"> | "day")[]) {
  const groups = new Map<string, { key: Record<string, string | null>; members: GroupRow[] }>();
  for (const row of rows) {
    const key = Object.fromEntries(keyNames.map((name) => [name, row[name] ?? null]));
    const id = JSON.stringify(key);
    const group = groups.get(id) ?? { key, members: [] };
    group.members.push(row);
    groups.set(id, group);
  }
  return [...groups.values()].map(({ key, members }) => ({ ...key, ...compare(members) }));
}
