/** Duplicate-key tracking of (date, SKU) files: linear in rows and bounded in memory, in any order. */
import { describe, expect, it } from "vitest";
import { dayNumber } from "../../src/dates.js";
import { DaySkuKeys } from "../../src/outcomes/key-tracker.js";

describe("DaySkuKeys", () => {
  it("holds newest-first dates in at most twice their span (it once doubled on every row)", () => {
    const keys = new DaySkuKeys();
    const last = dayNumber("2026-10-31");
    for (let i = 0; i < 20_000; i++) expect(keys.add("A1", last - i, i + 2)).toBe(0);
    expect(keys.cells()).toBeLessThanOrEqual(2 * 20_000 + 64);
    // and a duplicate is still found, with the line it was first seen on
    expect(keys.add("A1", last - 5, 99_999)).toBe(7);
  });

  it("finds duplicates in any order of dates", () => {
    const keys = new DaySkuKeys();
    const days = [5, 1, 9, 3, 7, 2, 8, 4, 6, 0].map((d) => dayNumber("2026-01-01") + d * 30);
    days.forEach((d, i) => expect(keys.add("B2", d, i + 2)).toBe(0));
    days.forEach((d, i) => expect(keys.add("B2", d, 100 + i)).toBe(i + 2));
  });

  it("keeps a SKU whose few rows span centuries in a map, not an array of the span", () => {
    const keys = new DaySkuKeys();
    keys.add("C3", dayNumber("0001-01-01"), 2);
    keys.add("C3", dayNumber("2026-10-31"), 3);
    keys.add("C3", dayNumber("1500-06-15"), 4);
    expect(keys.cells()).toBe(3);
    expect(keys.add("C3", dayNumber("0001-01-01"), 5)).toBe(2);
  });
});
