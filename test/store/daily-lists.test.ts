/**
 * The engine's lists of a SKU's daily rows read back as a series: every number exactly as the
 * engine wrote it, each item placed by its date whatever the order of the rows.
 */
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { dateOfDay, dayNumber } from "../../src/dates.js";
import { dailySeriesFromLists, daysOf } from "../../src/store/daily-lists.js";

describe("daily lists", () => {
  it("places each item at its date's day, the rows in any order", () => {
    const first = dayNumber("2026-02-27");
    const s = dailySeriesFromLists(
      ["2026-03-01,2026-02-27,2026-03-02", "3,1.5,0", "10,,0", ",0,1", ",,2.25"],
      first,
      5,
    );
    expect([...s.sold]).toEqual([1.5, 0, 3, 0, 0]); // 2026-02-28 and 2026-03-03: no row
    expect([...s.onHand]).toEqual([NaN, NaN, 10, 0, NaN]);
    expect([...s.stockout]).toEqual([0, NaN, NaN, 1, NaN]);
    expect([...s.lost]).toEqual([NaN, NaN, NaN, 2.25, NaN]);
  });

  it("leaves out rows outside the days, and reads a SKU without rows as none", () => {
    const s = dailySeriesFromLists(
      ["2026-01-01,2026-01-05", "4,7", ",", ",", ","],
      dayNumber("2026-01-02"),
      3,
    );
    expect([...s.sold]).toEqual([0, 0, 0]);
    expect([...dailySeriesFromLists(undefined, 0, 2).onHand]).toEqual([NaN, NaN]);
  });

  it("reads dates as dayNumber does, across leap years and centuries", () => {
    const days = [-719162, -1, 0, 59, 365 * 30 + 7, 11016, 11017, 20513, 20514, 47541, 2932896];
    for (const day of days) {
      const date = dateOfDay(day);
      const s = dailySeriesFromLists([date, "1", "", "", ""], dayNumber(date), 1);
      expect([date, s.sold[0]]).toEqual([date, 1]);
    }
  });

  it("reads back every double exactly as SQLite writes it (it stores −0 as 0)", () => {
    const db = new Database(":memory:");
    const values = [
      0,
      1,
      -7,
      0.1,
      0.30000000000000004,
      1e-300,
      123456789.12345679,
      2 ** 53 + 2,
      1e21,
      -3.5e-7,
      5,
    ];
    db.exec("create table t (d text, v double precision)");
    const insert = db.prepare("insert into t values (?, ?)");
    values.forEach((v, i) => insert.run(dateOfDay(i), v));
    const row = db
      .prepare("select string_agg(d, ','), string_agg(cast(v as text), ',') from t")
      .raw(true)
      .get() as string[];
    const s = dailySeriesFromLists(
      [row[0], row[1], "", "", ""].map((l, i) => (i > 1 ? values.map(() => "").join(",") : l)),
      0,
      values.length,
    );
    expect([...s.sold]).toEqual(values);
  });

  it("takes a window's days as views of the span", () => {
    const s = dailySeriesFromLists(
      ["2026-01-01,2026-01-03", "1,3", ",", ",", ","],
      dayNumber("2026-01-01"),
      3,
    );
    const part = daysOf(s, 1, 2);
    expect([...part.sold]).toEqual([0, 3]);
    expect(part.sold.buffer).toBe(s.sold.buffer);
  });
});
