/**
 * Dates far beyond the rest of a file: a handful of rows dated weeks after everything else (a
 * typo, a test row, a placeholder) would move the default as-of date there and leave the
 * window nearly empty. The latest dates of a file are isolated when a gap of more than
 * ISOLATED_GAP_DAYS separates them from the rest and they hold under ISOLATED_SHARE of its rows
 * (so a file of fewer than 100 rows is never judged: a small purchase-order file may well have
 * a month between orders). Pure: the caller counts the rows of each date as it streams them.
 */
import { dayNumber } from "../dates.js";
import type { RowProblem } from "./row-problem.js";

export const ISOLATED_GAP_DAYS = 28;
export const ISOLATED_SHARE = 0.01;

/** The rows of one date in a file, and the line of the first of them. */
export interface DateRows {
  rows: number;
  firstLine: number;
}

/**
 * One problem for each isolated date (at its first line), naming where the rest of the file ends.
 *
 * @example isolatedDates(counts, "daily.csv", "date") // [{ line: 9001, column: "date", message: "expected … " }]
 */
export function isolatedDates(
  counts: ReadonlyMap<string, DateRows>,
  file: string,
  column: string,
): RowProblem[] {
  const dates = [...counts.keys()].sort();
  const total = [...counts.values()].reduce((t, d) => t + d.rows, 0);
  let tail = 0;
  let cut: number | undefined; // index of the first isolated date
  for (let i = dates.length - 1; i > 0; i--) {
    tail += counts.get(dates[i] as string)?.rows ?? 0;
    if (tail >= ISOLATED_SHARE * total) break;
    if (dayNumber(dates[i] as string) - dayNumber(dates[i - 1] as string) > ISOLATED_GAP_DAYS)
      cut = i;
  }
  if (cut === undefined) return [];
  const restEnds = dates[cut - 1] as string;
  return dates.slice(cut).map((date) => {
    const { rows, firstLine } = counts.get(date) as DateRows;
    const later = dayNumber(date) - dayNumber(restEnds);
    return {
      file,
      line: firstLine,
      column,
      message:
        `expected a date near the rest of the file (its other rows end on ${restEnds}), found ${date}: ` +
        `${later} days later, on ${rows} row${rows === 1 ? "" : "s"} — fix the date, or load the rows between`,
    };
  });
}
