/**
 * The same weeks of the previous year, for a seasonal profile: each SKU's demand 365 days
 * before every day of its forward series (the window and the days ahead), from a read of the
 * year-ago days the data holds. Pure: new evaluations, the given ones unchanged.
 */
import { dayNumber, dateOfDay } from "../dates.js";
import type { MetricWindow } from "./observations.js";
import type { SkuEvaluation } from "./sku-metrics.js";

/** A year, as the seasonal profile counts it: 52 weeks and a day. */
export const YEAR_DAYS = 365;

/**
 * The days a year before the window and the `ahead` days past it that lie inside the data
 * (from `firstDate`, never past the window's end); none when no such day exists.
 */
export function yearAgoWindow(
  window: MetricWindow,
  ahead: number,
  firstDate: string | undefined,
): MetricWindow | undefined {
  const from = dateOfDay(dayNumber(window.from) - YEAR_DAYS);
  const last = Math.min(dayNumber(window.to), dayNumber(window.to) - YEAR_DAYS + ahead);
  const start = firstDate !== undefined && firstDate > from ? firstDate : from;
  return dayNumber(start) <= last ? { from: start, to: dateOfDay(last) } : undefined;
}

/** Where the year-ago read's first day falls in a SKU's `yearAgoDemand` of `window`. */
export function yearAgoOffset(yearAgo: MetricWindow, window: MetricWindow): number {
  return dayNumber(yearAgo.from) - (dayNumber(window.from) - YEAR_DAYS);
}

/** Each evaluation with `yearAgoDemand` set from the year-ago read (NaN where it has no day). */
export function withYearAgoDemand(
  evaluations: readonly SkuEvaluation[],
  yearAgo: { window: MetricWindow; evaluations: readonly SkuEvaluation[] } | undefined,
  window: MetricWindow,
  ahead: number,
): SkuEvaluation[] {
  const bySku = new Map(yearAgo?.evaluations.map((e) => [e.sku, e.samples.dailyDemand]));
  const offset = yearAgo ? yearAgoOffset(yearAgo.window, window) : 0;
  return evaluations.map((e) => withYearAgoOf(e, bySku.get(e.sku), offset, ahead));
}

/**
 * One evaluation with `yearAgoDemand` set from its demand of the year-ago read (`before`, from
 * `offset` on; NaN where it has no day).
 */
export function withYearAgoOf(
  e: SkuEvaluation,
  before: Float64Array | undefined,
  offset: number,
  ahead: number,
): SkuEvaluation {
  const out = new Float64Array(e.samples.days + ahead).fill(NaN);
  if (before)
    for (let j = 0; j < before.length && offset + j < out.length; j++)
      out[offset + j] = before[j] as number;
  return { ...e, samples: { ...e.samples, yearAgoDemand: out } };
}
