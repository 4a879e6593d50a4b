/**
 * Last year's same weeks, for a `last-year` demand basis: which days are read (never outside the
 * data), how they line up with the window and the days ahead, and the week's mean a profile
 * takes of them.
 */
import { describe, expect, it } from "vitest";
import { withYearAgoDemand, yearAgoWindow } from "../../src/metrics/year-ago.js";
import { yearAgoProfile } from "../../src/metrics/sku-plan.js";
import type { SkuEvaluation } from "../../src/metrics/sku-metrics.js";
import { emptySamples } from "../helpers/samples.js";

const WINDOW = { from: "2026-01-01", to: "2026-01-10" };

const evaluation = (
  sku: string,
  dailyDemand: number[],
  days = dailyDemand.length,
): SkuEvaluation => ({
  sku,
  columns: {},
  metrics: {},
  samples: emptySamples({ days, dailyDemand: Float64Array.from(dailyDemand) }),
});

describe("yearAgoWindow", () => {
  it("reads the window a year back and the days ahead, never before the data nor past the window", () => {
    expect(yearAgoWindow(WINDOW, 5, "2020-01-01")).toEqual({
      from: "2025-01-01",
      to: "2025-01-15",
    });
    expect(yearAgoWindow(WINDOW, 5, "2025-01-05")).toEqual({
      from: "2025-01-05",
      to: "2025-01-15",
    });
    expect(yearAgoWindow(WINDOW, 400, "2020-01-01")?.to).toBe("2026-01-10");
    expect(yearAgoWindow(WINDOW, 5, "2025-06-01")).toBeUndefined();
  });
});

describe("withYearAgoDemand", () => {
  it("lines each day of the window and the days ahead up with the same day a year before", () => {
    const read = { from: "2025-01-03", to: "2025-01-15" }; // the data starts two days in
    const before = evaluation("A", [3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
    const [a] = withYearAgoDemand(
      [evaluation("A", [], 10)],
      { window: read, evaluations: [before] },
      WINDOW,
      5,
    );
    const got = [...(a?.samples.yearAgoDemand ?? [])];
    expect(got).toHaveLength(15);
    expect(got.slice(0, 2).every(Number.isNaN)).toBe(true); // before the data: unknown, not zero
    expect(got.slice(2)).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
  });

  it("gives a SKU the year-ago read does not hold no days at all", () => {
    const [b] = withYearAgoDemand([evaluation("B", [], 10)], undefined, WINDOW, 5);
    expect([...(b?.samples.yearAgoDemand ?? [])].every(Number.isNaN)).toBe(true);
  });
});

describe("yearAgoProfile", () => {
  it("is the mean of the week centred on each day, over the days known", () => {
    const p = yearAgoProfile(Float64Array.from([NaN, 7, 7, 7, 14, 7, 7, 7, NaN]));
    expect(p[4]).toBeCloseTo(8, 12); // (7·6 + 14) / 7
    expect(p[0]).toBeCloseTo((7 + 7 + 7) / 3, 12); // only days 1–3 known in its week
    expect(Number.isNaN(yearAgoProfile(Float64Array.from([NaN, NaN]))[0] as number)).toBe(true);
  });
});
