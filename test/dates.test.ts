import { describe, expect, it } from "vitest";
import {
  dateOfDay,
  dayNumber,
  isIsoDate,
  monthEnd,
  parseWindow,
  windowStart,
} from "../src/dates.js";

describe("dates", () => {
  it.each([
    ["2026-02-28", true],
    ["2028-02-29", true],
    ["2026-02-29", false],
    ["2026-04-31", false],
    ["2026-13-01", false],
    ["2026-1-01", false],
    ["26-01-01", false],
  ])("isIsoDate(%s) is %s", (text, ok) => expect(isIsoDate(text)).toBe(ok));

  it.each([
    ["90d", { amount: 90, unit: "d" }],
    ["13w", { amount: 13, unit: "w" }],
    ["3m", { amount: 3, unit: "m" }],
    ["0d", undefined],
    ["90", undefined],
    ["9y", undefined],
    ["-3d", undefined],
  ])("parseWindow(%s)", (text, window) => expect(parseWindow(text)).toEqual(window));

  it.each([
    ["2026-10-31", "90d", "2026-08-03"], // 90 days, both ends included
    ["2026-10-31", "1d", "2026-10-31"],
    ["2026-10-31", "2w", "2026-10-18"],
    ["2026-10-31", "3m", "2026-08-01"],
    ["2026-05-31", "3m", "2026-03-01"],
    ["2028-05-30", "3m", "2028-03-01"],
  ])("a window ending %s of %s starts %s", (asOf, w, start) => {
    expect(windowStart(asOf, parseWindow(w) as NonNullable<ReturnType<typeof parseWindow>>)).toBe(
      start,
    );
  });
});

describe("years before 100", () => {
  it("takes 0001-01-01 as the real date it is, not as 1901", () => {
    expect(isIsoDate("0001-01-01")).toBe(true);
    expect(isIsoDate("0096-02-29")).toBe(true);
    expect(dateOfDay(dayNumber("0001-01-01"))).toBe("0001-01-01");
    expect(dayNumber("0001-01-01")).toBe(-719162);
    expect(monthEnd("0096-02")).toBe("0096-02-29");
  });
});
