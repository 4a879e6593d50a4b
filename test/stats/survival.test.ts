/** Kaplan–Meier and its restricted mean, against values worked out by hand. */
import { describe, expect, it } from "vitest";
import { beyondBound, packOrderLeads, placedOrders } from "../../src/metrics/lead-times.js";
import { normalExceedanceP } from "../../src/stats/stats.js";
import { kaplanMeier, restrictedMean } from "../../src/stats/survival.js";

describe("Kaplan–Meier", () => {
  it("steps down at each event time, censored units leaving the risk set after their time", () => {
    // events at 3, 5, 5, 9; censored at 5 (after the events at 5) and 7
    const km = kaplanMeier([
      { time: 9, event: true },
      { time: 5, event: false },
      { time: 3, event: true },
      { time: 7, event: false },
      { time: 5, event: true },
      { time: 5, event: true },
    ]);
    expect(km.map((s) => [s.time, s.atRisk, s.events])).toEqual([
      [3, 6, 1],
      [5, 5, 2],
      [9, 1, 1],
    ]);
    expect(km[0]?.survival).toBeCloseTo(5 / 6, 12);
    expect(km[1]?.survival).toBeCloseTo((5 / 6) * (3 / 5), 12);
    expect(km[2]?.survival).toBe(0);
  });
});

describe("restricted mean", () => {
  it("is the sample mean, with the n-denominator variance, when nothing is censored", () => {
    const rm = restrictedMean([
      { time: 2, event: true },
      { time: 4, event: true },
    ]);
    expect(rm).toMatchObject({ value: 3, tau: 4, events: 2, censored: 0, beyondHorizon: 0 });
    expect(rm?.variance).toBeCloseTo(0.5, 12);
  });

  it("is a lower bound when the longest duration is still running", () => {
    // S = 1 to 10, ½ after; horizon 30 (open): 10 + ½·20 = 20, though the open one runs on
    const rm = restrictedMean([
      { time: 10, event: true },
      { time: 30, event: false },
    ]);
    expect(rm).toMatchObject({ value: 20, tau: 30, events: 1, censored: 1, beyondHorizon: 0.5 });
    // A at 10 = ½·20 = 10; n 2, d 1: 10²/(2·1) = 50
    expect(rm?.variance).toBeCloseTo(50, 12);
  });

  it("has nothing to say of no durations", () => {
    expect(restrictedMean([])).toBeUndefined();
  });

  it("one-sided p of a normal estimate beyond a bound", () => {
    expect(normalExceedanceP(12, 1, 10, "max")).toBeCloseTo(0.0227501319, 9);
    expect(normalExceedanceP(8, 1, 10, "min")).toBeCloseTo(0.0227501319, 9);
    expect(normalExceedanceP(12, 0, 10, "max")).toBe(0);
  });
});

describe("orders as a lead-time cohort", () => {
  const window = { from: "2026-01-01", to: "2026-03-31" };
  const po = (ordered: string, received: string | null) => ({
    po: ordered,
    ordered,
    expected: null,
    received,
    qty: 1,
    expedited: 0,
  });

  it("keeps the orders placed in the window, open ones censored at their age so far", () => {
    const orders = placedOrders(
      [
        po("2025-12-20", "2026-01-10"), // placed before the window: not in the cohort
        po("2026-01-01", "2026-01-21"), // 20 days
        po("2026-02-01", null), // open for 58 days
        po("2026-03-01", "2026-04-05"), // received after the as-of date: open for 30 days
      ],
      window,
    );
    expect(orders).toEqual([
      { time: 20, event: true, followUp: 89 },
      { time: 58, event: false, followUp: 58 },
      { time: 30, event: false, followUp: 30 },
    ]);
  });

  it("counts beyond a bound only the orders followed at least that long", () => {
    const orders = [
      { time: 20, event: true, followUp: 89 }, // within 25
      { time: 58, event: false, followUp: 58 }, // beyond
      { time: 30, event: true, followUp: 40 }, // beyond
      { time: 10, event: true, followUp: 12 }, // too recent to know: left out though it arrived
      { time: 24, event: false, followUp: 24 }, // too recent
    ];
    expect(beyondBound([packOrderLeads(orders)], 25)).toEqual({ beyond: 2, followed: 3 });
  });
});
