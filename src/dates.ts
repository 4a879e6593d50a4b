/**
 * Business dates (YYYY-MM-DD, no time zone) and evaluation windows. Pure.
 *
 * @example parseWindow("13w") // { amount: 13, unit: "w", days: 91 }
 */

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Midnight UTC of a date, for any year 0001–9999 (Date.UTC reads years 0–99 as 1900–1999). */
function utcDate(y: number, month: number, d: number): Date {
  const date = new Date(0);
  date.setUTCFullYear(y, month - 1, d);
  return date;
}

/** True for a real calendar date written YYYY-MM-DD (2026-02-29 is not one; 0001-01-01 is). */
export function isIsoDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = utcDate(y, mo, d);
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** The UTC calendar date of an instant. */
export function toIsoDate(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}

export interface Window {
  amount: number;
  unit: "d" | "w" | "m";
}

/** `90d`, `13w`, `3m` → a window; undefined when the text is not one. */
export function parseWindow(text: string): Window | undefined {
  const m = /^([1-9]\d{0,3})([dwm])$/.exec(text);
  if (!m) return undefined;
  return { amount: Number(m[1]), unit: m[2] as Window["unit"] };
}

/** First day of a window that ends (inclusive) on `asOf`: 90d ending 2026-10-31 starts 2026-08-03. */
export function windowStart(asOf: string, window: Window): string {
  const [y, m, d] = asOf.split("-").map(Number) as [number, number, number];
  const end = utcDate(y, m, d).getTime();
  const day = 86_400_000;
  if (window.unit === "m") {
    const start = utcDate(y, m - window.amount, d);
    // A month back from the 31st of a short month lands in the next month: clamp to its end.
    if (start.getUTCDate() !== d) start.setUTCDate(0);
    return toIsoDate(new Date(start.getTime() + day));
  }
  const days = window.unit === "w" ? window.amount * 7 : window.amount;
  return toIsoDate(new Date(end - (days - 1) * day));
}

const dayNumbers = new Map<string, number>();

/** Days since 1970-01-01 of a valid YYYY-MM-DD date (remembered: data sets have few distinct dates). */
export function dayNumber(date: string): number {
  let day = dayNumbers.get(date);
  if (day === undefined) {
    day =
      utcDate(
        Number(date.slice(0, 4)),
        Number(date.slice(5, 7)),
        Number(date.slice(8, 10)),
      ).getTime() / 86_400_000;
    if (dayNumbers.size < 100_000) dayNumbers.set(date, day);
  }
  return day;
}

const datesOfDays = new Map<number, string>();

/** The YYYY-MM-DD date of a day number (remembered, so equal dates share one string). */
export function dateOfDay(day: number): string {
  let date = datesOfDays.get(day);
  if (date === undefined) {
    date = new Date(day * 86_400_000).toISOString().slice(0, 10);
    if (datesOfDays.size < 100_000) datesOfDays.set(day, date);
  }
  return date;
}

/** True for a calendar month written YYYY-MM. */
export function isMonth(s: string): boolean {
  return /^\d{4}-(0[1-9]|1[0-2])$/.test(s);
}

/** The last day of a YYYY-MM month: monthEnd("2026-02") is "2026-02-28". */
export function monthEnd(month: string): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return toIsoDate(utcDate(y, m + 1, 0));
}

/** The month before: previousMonth("2026-01") is "2025-12". */
export function previousMonth(month: string): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return toIsoDate(utcDate(y, m - 1, 1)).slice(0, 7);
}
