import { describe, expect, it } from "vitest";
import { dayNumber } from "../../src/dates.js";
import { forwardErrorCv, forwardPlan, inBuildWindow } from "../../src/model/forward-plan.js";
import { orderUpToPlan } from "../../src/model/order-up-to.js";
import { replayOrderUpTo } from "../../src/model/replay-order-up-to.js";
import { Random } from "../../src/stats/random.js";

const FIRST = dayNumber("2025-01-01");

/** A year of seasonal demand: a base of 4 a day, ten times that from 1 November to 24 December. */
function seasonalYear(seed: number, days = 730): { demand: Float64Array; mean: Float64Array } {
  const r = Random.derive(seed, "forward-plan");
  const mean = new Float64Array(days);
  const demand = new Float64Array(days);
  for (let t = 0; t < days; t++) {
    const d = new Date((FIRST + t) * 86_400_000).toISOString().slice(5, 10);
    mean[t] = d >= "11-01" && d <= "12-24" ? 40 : 4;
    demand[t] = r.poisson(mean[t] as number);
  }
  return { demand, mean };
}

describe("forwardPlan", () => {
  it("is the textbook (R, S) level when the forward series is the flat mean and σ the daily one", () => {
    const sku = { demandMean: 10, demandStd: 4, leadTimeMean: 21, leadTimeStd: 3, unitCost: 2 };
    const targets = { fillRate: 0.95, reviewPeriodDays: 7 };
    const classic = orderUpToPlan(sku, targets);
    const plan = forwardPlan(
      {
        ...sku,
        demand: new Float64Array(120).fill(10),
        forward: new Float64Array(0),
        fallback: 10,
        firstDay: FIRST,
        error: "daily",
      },
      targets,
    );
    for (const s of plan.orderUpTo) expect(s).toBeCloseTo(classic.orderUpTo, 9);
    expect(plan.expectedFillRate).toBeCloseTo(classic.expectedFillRate as number, 9);
    expect(plan.capital).toBeCloseTo(classic.capital, 6);
  });

  it("raises S ahead of a peak the forecast sees, and the replay then serves the peak", () => {
    const { demand, mean } = seasonalYear(11);
    const lead = 60;
    const inputs = {
      demand,
      forward: mean,
      fallback: 10,
      demandStd: 10,
      leadTimeMean: lead,
      leadTimeStd: 0,
      unitCost: 1,
      firstDay: FIRST,
    };
    const plan = forwardPlan(inputs, { fillRate: 0.98, reviewPeriodDays: 14 });
    const oct1 = dayNumber("2025-10-01") - FIRST;
    const may1 = dayNumber("2025-05-01") - FIRST;
    expect(plan.orderUpTo[oct1] as number).toBeGreaterThan(3 * (plan.orderUpTo[may1] as number));
    const mean365 = demand.reduce((a, b) => a + b, 0) / demand.length;
    const flat = orderUpToPlan(
      { demandMean: mean365, demandStd: 10, leadTimeMean: lead, leadTimeStd: 0, unitCost: 1 },
      { fillRate: 0.98, reviewPeriodDays: 14 },
    );
    const replay = (orderUpTo: number | Float64Array, start: number) =>
      replayOrderUpTo({
        demand,
        leadTimes: [lead],
        orderUpTo,
        reviewPeriodDays: 14,
        unitCost: 1,
        demandMean: start,
      }).fillRate as number;
    const following = replay(plan.orderUpTo, plan.startDemand);
    const trailing = replay(flat.orderUpTo, mean365);
    expect(following).toBeGreaterThan(0.95);
    expect(trailing).toBeLessThan(0.85);
  });

  it("holds the build window's cover of forward demand, also across the year end", () => {
    const forward = new Float64Array(500).fill(5);
    const base = {
      demand: new Float64Array(365).fill(5),
      forward,
      fallback: 5,
      demandStd: 1,
      leadTimeMean: 10,
      leadTimeStd: 0,
      unitCost: 1,
      firstDay: FIRST,
    };
    const build = { from: "12-20", to: "01-10", coverWeeks: 6 };
    const plan = forwardPlan(base, { fillRate: 0.9, reviewPeriodDays: 7, seasonalBuild: [build] });
    const without = forwardPlan(base, { fillRate: 0.9, reviewPeriodDays: 7 });
    const jan5 = 4;
    const dec25 = dayNumber("2025-12-25") - FIRST;
    const mar1 = dayNumber("2025-03-01") - FIRST;
    for (const t of [jan5, dec25]) expect(plan.orderUpTo[t]).toBeCloseTo(5 * (10 + 42), 9);
    expect(plan.orderUpTo[mar1]).toBe(without.orderUpTo[mar1]);
    expect(plan.capital).toBeGreaterThan(without.capital);
    expect(inBuildWindow("01-11", build)).toBe(false);
    expect(inBuildWindow("12-19", build)).toBe(false);
  });

  it("with the daily deviation reads no demand: the window's length is enough", () => {
    const base = {
      demand: Float64Array.from({ length: 90 }, (_, i) => 4 + (i % 3)),
      forward: new Float64Array(0),
      fallback: 5,
      demandStd: 1.5,
      leadTimeMean: 9,
      leadTimeStd: 2,
      unitCost: 3,
      firstDay: FIRST,
      error: "daily" as const,
    };
    const targets = {
      fillRate: 0.95,
      reviewPeriodDays: 7,
      seasonalBuild: [{ from: "02-01", to: "02-20", coverWeeks: 4 }],
    };
    const withDemand = forwardPlan(base, targets);
    const withLength = forwardPlan({ ...base, demand: new Float64Array(0), days: 90 }, targets);
    expect(withLength).toEqual(withDemand);
    expect(withLength.orderUpTo).toHaveLength(90);
    expect(withLength.capital).toBeGreaterThan(0);
  });
});

describe("forwardErrorCv", () => {
  const demand = new Float64Array(200).fill(10);
  const sumOf = (rate: number) => (a: number, b: number) => (b - a + 1) * rate;
  it("is 0 for a forecast that is right, and the relative miss for one that is off by a constant share", () => {
    expect(forwardErrorCv(demand, sumOf(10), 20)).toBe(0);
    expect(forwardErrorCv(demand, sumOf(11), 20)).toBeCloseTo(1 / 11, 12);
  });
  it("is not measured on fewer intervals than it needs", () => {
    expect(forwardErrorCv(new Float64Array(40).fill(10), sumOf(10), 20)).toBeNull();
  });
});
