/**
 * A SKU's daily rows as the engine aggregates them: one row a SKU whose columns are lists, the
 * k-th item of every list from the same daily row (the aggregates of a group read its rows in
 * one pass, so the lists agree whatever order the rows came in). Items are separated by commas;
 * an empty item is a null. Turned here into a DailySeries: a value a day, placed by its date, so
 * the order of the rows does not matter either. Numbers are written by the engine as the
 * shortest text that reads back to the same double (the SQLite better-sqlite3 12 bundles, as
 * test/store/daily-lists.test.ts checks; PostgreSQL from 12), so they come back as stored.
 */
import type { DailySeries } from "../metrics/observations.js";
import { emptyDailySeries } from "../metrics/observations.js";

/** The aggregated columns, in the order the query selects them after `sku`. */
export const DAILY_LIST_COLUMNS = ["date", "units_sold", "on_hand", "stockout", "lost_units"];

const COMMA = 44;
const MINUS = 45;
const ZERO = 48;

/** Days since 1970-01-01 of the YYYY-MM-DD date at `at` (days from civil, proleptic Gregorian). */
function dayAt(text: string, at: number): number {
  const digit = (k: number): number => text.charCodeAt(at + k) - ZERO;
  let y = digit(0) * 1000 + digit(1) * 100 + digit(2) * 10 + digit(3);
  const m = digit(5) * 10 + digit(6);
  const d = digit(8) * 10 + digit(9);
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The number in text[from, to): digits read directly when they are a plain integer, else Number. */
function numberIn(text: string, from: number, to: number): number {
  if (from === to) return NaN;
  let at = from;
  const negative = text.charCodeAt(at) === MINUS;
  if (negative) at++;
  if (to - at > 15 || at === to) return Number(text.slice(from, to));
  let value = 0;
  for (; at < to; at++) {
    const digit = text.charCodeAt(at) - ZERO;
    if (digit < 0 || digit > 9) return Number(text.slice(from, to));
    value = value * 10 + digit;
  }
  return negative ? -value : value;
}

/** Each item of a list, as a number, into `out` at the index `slots` gives it (−1: skip). */
function spread(text: string, slots: Int32Array, out: Float64Array): void {
  let item = 0;
  let start = 0;
  for (let at = 0; at <= text.length; at++) {
    if (at < text.length && text.charCodeAt(at) !== COMMA) continue;
    const slot = slots[item++] as number;
    if (slot >= 0) out[slot] = numberIn(text, start, at);
    start = at + 1;
  }
}

/** Each list's items into its array at the day of the date list's item (days outside left out). */
function spreadByDate(
  dates: string,
  lists: readonly unknown[],
  into: readonly Float64Array[],
  firstDay: number,
  days: number,
): void {
  const count = (dates.length + 1) / 11;
  if (!Number.isInteger(count))
    throw new Error(`a date list of the store is not of YYYY-MM-DD dates: ${dates.slice(0, 40)}`);
  const slots = new Int32Array(count);
  for (let k = 0; k < count; k++) {
    const i = dayAt(dates, k * 11) - firstDay;
    slots[k] = i >= 0 && i < days ? i : -1;
  }
  into.forEach((out, c) => spread(String(lists[c]), slots, out));
}

/**
 * The series of the `days` days from day number `firstDay` from one aggregated row (its lists
 * after `sku`, in DAILY_LIST_COLUMNS order; undefined: the SKU has no daily row). Rows outside
 * the days are left out.
 */
export function dailySeriesFromLists(
  lists: readonly unknown[] | undefined,
  firstDay: number,
  days: number,
): DailySeries {
  const series = emptyDailySeries(days);
  if (lists === undefined) return series;
  const { sold, onHand, stockout, lost } = series;
  spreadByDate(lists[0] as string, lists.slice(1), [sold, onHand, stockout, lost], firstDay, days);
  return series;
}

/** The forecast each of the `days` days from `firstDay` (NaN: none), from a SKU's lists [dates, units]. */
export function forecastsFromLists(
  lists: readonly unknown[] | undefined,
  firstDay: number,
  days: number,
): Float64Array {
  const out = new Float64Array(days).fill(NaN);
  if (lists !== undefined) spreadByDate(lists[0] as string, [lists[1]], [out], firstDay, days);
  return out;
}

/** The days [from, from + days) of a series: views, not copies. */
export function daysOf(series: DailySeries, from: number, days: number): DailySeries {
  const part = (a: Float64Array): Float64Array => a.subarray(from, from + days);
  return {
    sold: part(series.sold),
    onHand: part(series.onHand),
    stockout: part(series.stockout),
    lost: part(series.lost),
  };
}
