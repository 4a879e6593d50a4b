/**
 * Per-SKU metrics on a fixture computed by hand (the numbers below were worked out independently,
 * with Python's math.erfc for Φ): a censored stockout, an overdue open order, two whole weeks,
 * an intermittent pattern, and overrides in both directions.
 */
import { weekList } from "../../src/metrics/week-counts.js";
import { describe, expect, it } from "vitest";
import { demandSeries } from "../../src/metrics/censored-demand.js";
import { observationsIn } from "../../src/metrics/observations.js";
import type { MetricWindow, SkuHistory } from "../../src/metrics/observations.js";
import {
  calendarWeeks,
  computeSku as computeWindow,
  computeSkuMetrics as computeWindowMetrics,
} from "../../src/metrics/sku-metrics.js";
import type { SkuMetricOptions } from "../../src/metrics/sku-metrics.js";
import {
  binomialUpperTail,
  expectedExcess,
  meanInterval,
  proportionInterval,
  risingP,
} from "../../src/stats/stats.js";
import { LOST, SKU, WINDOW } from "./fixture.js";

// The SKUs here are written as rows: each is read as the store's scan reads a window of it.
const computeSku = (sku: SkuHistory, w: MetricWindow, o: SkuMetricOptions) =>
  computeWindow(observationsIn(sku, w), w, o);
const computeSkuMetrics = (sku: SkuHistory, w: MetricWindow, o: SkuMetricOptions) =>
  computeWindowMetrics(observationsIn(sku, w), w, o);

describe("per-SKU metrics", () => {
  const m = computeSkuMetrics(SKU, WINDOW, { overrideThreshold: 0.1 });

  it("estimates censored demand on the stockout day", () => {
    const s = demandSeries(observationsIn(SKU, WINDOW).daily, WINDOW);
    expect(s.lost[2]).toBeCloseTo(LOST, 9);
    expect(s.lost.filter((x) => x > 0)).toHaveLength(1);
    expect(s.estimated).toBe(1);
  });

  it("fill rate counts the estimated lost demand, so it is below 1", () => {
    expect(m.fillRate?.value).toBeCloseTo(24 / (24 + LOST), 9); // 0.8975453348
    expect(m.fillRate?.n).toBe(14);
  });

  it("demand, weekly CV and the Syntetos–Boylan class", () => {
    expect(m.demandMean?.value).toBeCloseTo(1.9099711711, 9);
    // Thursday 1 – Wednesday 14 January holds one calendar week (Monday 5 – Sunday 11): too few
    expect(m.demandCv).toEqual({ value: null, n: 1, reason: "fewer than two whole weeks" });
    expect(m.adi?.value).toBeCloseTo(14 / 6, 12);
    // sample variance of the six demand sizes (population × 6/5)
    expect(m.cv2?.value).toBeCloseTo(0.0533309559, 9);
    expect(m.demandPattern?.value).toBe("intermittent");
  });

  it("service: in-stock rate, stockout days, recovery", () => {
    expect(m.inStockRate?.value).toBeCloseTo(5 / 6, 12);
    expect(m.inStockRate?.n).toBe(6);
    expect(m.stockoutDays).toEqual({ value: 1, n: 6 });
    expect(m.recoveryDays).toMatchObject({ value: 1, n: 1 });
  });

  it("stock and capital", () => {
    expect(m.onHandUnits?.value).toBeCloseTo(64 / 6, 12);
    expect(m.capital?.value).toBeCloseTo((64 / 6) * 2.5, 12);
    expect(m.coverWeeks?.value).toBeCloseTo(0.9723407794, 9);
  });

  it("lead time is the cohort of orders placed in the window, an open order censored", () => {
    // only P4 was placed in the window: open after 4 days, a censored duration with no receipt
    expect(m.leadTimeDays).toEqual({ value: 4, n: 1 });
    // lead-time CV and delays come from the receipts in the window, P1 (15 days) and P2 (11)
    expect(m.leadTimeCv?.value).toBeCloseTo(Math.sqrt(8) / 13, 12);
    expect(m.leadTimeCv?.n).toBe(2);
    expect(m.leadTimeDelayDays?.value).toBe(3); // 5 and 1 days late
    expect(m.expediteRate).toEqual({ value: 1, n: 1 }); // P4 in the window, one expedite event
  });

  it("override rates by direction, with Wilson intervals", () => {
    expect(m.overrideRate?.value).toBe(0.6);
    expect(m.overrideRate?.n).toBe(5);
    expect(m.overrideRate?.interval?.[0]).toBeCloseTo(0.2307242813, 9);
    expect(m.overrideRate?.interval?.[1]).toBeCloseTo(0.8823792258, 9);
    expect(m.overrideUpRate?.value).toBe(0.4);
    expect(m.overrideDownRate?.value).toBe(0.2);
  });

  it("forecast bias against censoring-corrected demand, and economics", () => {
    expect(m.forecastBias?.value).toBeCloseTo(0.0176669427, 9);
    expect(m.revenue?.value).toBe(144);
    expect(m.margin?.value).toBeCloseTo(3.5 / 6, 12);
  });

  it("says what is not measurable, and why", () => {
    const bare = computeSkuMetrics(
      {
        ...SKU,
        unitPrice: null,
        daily: SKU.daily.map((d) => ({ ...d, onHand: null, stockout: null })),
        purchaseOrders: [],
        decisions: [],
        forecasts: [],
      },
      WINDOW,
      { overrideThreshold: 0.1 },
    );
    expect(bare.fillRate).toEqual({
      value: null,
      n: 0,
      reason: "no on_hand and no stockout in daily.csv",
    });
    expect(bare.capital?.value).toBeNull();
    expect(bare.leadTimeDays?.reason).toBe("no purchase order placed in the window");
    expect(bare.overrideRate?.reason).toBe("no decision in the window");
    expect(bare.revenue?.reason).toBe("no unit_price in skus.csv");
  });

  it("a SKU out of stock the whole window has no fill rate, never 1", () => {
    const out = computeSkuMetrics(
      { ...SKU, daily: [{ date: "2026-01-05", sold: 0, onHand: 0, stockout: 1, lost: null }] },
      WINDOW,
      { overrideThreshold: 0.1 },
    );
    expect(out.fillRate?.value).toBeNull();
    expect(out.fillRate?.reason).toContain("no in-stock day");
  });
});

describe("weekly demand CV on calendar weeks", () => {
  it("sums Monday to Sunday, leaving the partial weeks at either end out", () => {
    // 2026-01-01 is a Thursday: days 0–3 (Thu–Sun) are left out, then two whole weeks, then Monday alone
    const firstDay = Date.UTC(2026, 0, 1) / 86_400_000;
    const demand = Array.from({ length: 18 }, (_, i) => i + 1);
    expect(calendarWeeks(demand, firstDay)).toEqual([
      5 + 6 + 7 + 8 + 9 + 10 + 11,
      12 + 13 + 14 + 15 + 16 + 17 + 18,
    ]);
  });

  it("does not move when the as-of date moves within a week", () => {
    const daily = Array.from({ length: 120 }, (_, i) => ({
      date: new Date(Date.UTC(2026, 0, 1 + i)).toISOString().slice(0, 10),
      sold: [3, 9, 4, 12, 1, 7, 5, 20, 2][i % 9] as number,
      onHand: 50,
      stockout: null,
      lost: null,
    }));
    const obs = { ...SKU, daily, purchaseOrders: [], decisions: [], forecasts: [] };
    const at = (from: string, to: string) =>
      computeSkuMetrics(obs, { from, to }, { overrideThreshold: 0.1 }).demandCv;
    // as of Wednesday 15 April and Thursday 16 April, 90 days each: the same whole weeks
    const wednesday = at("2026-01-16", "2026-04-15");
    const thursday = at("2026-01-17", "2026-04-16");
    expect(wednesday?.n).toBe(12);
    expect(thursday).toEqual(wednesday);
  });
});

describe("statistics helpers", () => {
  it("expected excess of a censored normal day", () => {
    expect(expectedExcess(10, 3, 10)).toBeCloseTo(2.3936536824, 9); // 3·φ(0)/(1 − Φ(0))
    expect(expectedExcess(10, 3, 60)).toBeGreaterThan(0); // far in the tail: still positive
    expect(expectedExcess(10, 0, 4)).toBe(6);
  });

  it("mean and proportion intervals", () => {
    expect(meanInterval([1])).toEqual({ value: 1, n: 1 });
    expect(proportionInterval(0, 0)).toBeUndefined();
    const p = proportionInterval(0, 10);
    expect(p?.interval?.[0]).toBe(0);
    expect(p?.interval?.[1]).toBeCloseTo(0.2775327998, 9); // Wilson upper bound for 0/10
  });
});

describe("trend samples inside the window", () => {
  const { samples } = computeSku(SKU, WINDOW, { overrideThreshold: 0.1 });

  it("splits the window's last 12 days into three periods of 4", () => {
    expect(samples.periods).toEqual([
      {
        from: "2026-01-03",
        to: "2026-01-06",
        stockoutDays: 1,
        knownDays: 2,
        onHandMean: 10,
        orders: 0,
        expedited: 0,
      },
      {
        from: "2026-01-07",
        to: "2026-01-10",
        stockoutDays: 0,
        knownDays: 1,
        onHandMean: 17,
        orders: 1,
        expedited: 0,
      },
      {
        from: "2026-01-11",
        to: "2026-01-14",
        stockoutDays: 0,
        knownDays: 1,
        onHandMean: 13,
        orders: 0,
        expedited: 0,
      },
    ]);
  });

  it("counts decisions and downward overrides by week", () => {
    expect(weekList(samples.weeks)).toEqual([
      { down: 1, overridden: 3, decisions: 5 },
      { down: 0, overridden: 0, decisions: 0 },
    ]);
  });
});

describe("binomial tests", () => {
  it("upper tail, exact", () => {
    expect(binomialUpperTail(9, 10, 0.5)).toBeCloseTo(11 / 1024, 12);
    expect(binomialUpperTail(0, 10, 0.3)).toBe(1);
    expect(binomialUpperTail(11, 10, 0.3)).toBe(0);
    expect(binomialUpperTail(600, 1000, 0.5)).toBeLessThan(1e-9);
  });

  it("rising: 2 then 10 events over equal exposure is significant, 5 then 6 is not", () => {
    expect(risingP(2, 30, 10, 30)).toBeCloseTo(binomialUpperTail(10, 12, 0.5), 12); // 0.0193
    expect(risingP(2, 30, 10, 30)).toBeLessThan(0.05);
    expect(risingP(5, 30, 6, 30)).toBeGreaterThan(0.3);
  });
});

describe("decision outcomes", () => {
  // 30 days, 2 units a day; out of stock on 03-04 only (2 units lost, given); planned lead 3 days
  const window = { from: "2026-03-01", to: "2026-03-30" };
  const daily = Array.from({ length: 30 }, (_, i) => {
    const date = `2026-03-${String(i + 1).padStart(2, "0")}`;
    const out = date === "2026-03-04";
    return {
      date,
      sold: out ? 0 : 2,
      onHand: out ? 0 : 10,
      stockout: out ? 1 : 0,
      lost: out ? 2 : null,
    };
  });
  const { samples } = computeSku(
    {
      ...SKU,
      plannedLeadTimeDays: 3,
      daily,
      purchaseOrders: [],
      forecasts: [],
      decisions: [
        { date: "2026-03-01", recommended: 10, ordered: 10, planner: "ana" }, // followed; due 03-04
        { date: "2026-03-02", recommended: 10, ordered: 15, planner: null }, // up; due 03-05
        { date: "2026-03-20", recommended: 10, ordered: 5, planner: "ana" }, // span ends 04-05: unknown
      ],
    },
    window,
    { overrideThreshold: 0.1, keep: { outcomes: true } },
  );

  it("judges the decisions whose two-week span after the due date lies inside the window", () => {
    // spans 03-04..03-17 (holds the stockout; on hand 0 + 13 × 10) and 03-05..03-18 (all 10);
    // mean weekly demand 14
    expect(samples.outcomes).toHaveLength(2);
    expect(samples.outcomes[0]).toMatchObject({
      direction: "followed",
      planner: "ana",
      stockout: true,
    });
    expect(samples.outcomes[0]?.coverWeeks).toBeCloseTo(130 / 14 / 14, 12);
    expect(samples.outcomes[1]).toMatchObject({ direction: "up", planner: "", stockout: false });
    expect(samples.outcomes[1]?.coverWeeks).toBeCloseTo(10 / 14, 12);
  });
});

describe("daily demand kept", () => {
  const demandOf = (sku: SkuHistory, keep: SkuMetricOptions["keep"]) =>
    computeSku(sku, WINDOW, { overrideThreshold: 0.1, keep }).samples.dailyDemand.length;
  const days = computeSku(SKU, WINDOW, { overrideThreshold: 0.1 }).samples.days;
  const withoutForecasts: SkuHistory = { ...SKU, forecasts: [] };

  it("for a replay and for last year's weeks, on request", () => {
    expect(demandOf(withoutForecasts, { demand: true })).toBe(days);
    expect(demandOf(withoutForecasts, { ahead: 28, yearAgo: true })).toBe(days);
    expect(demandOf(SKU, {})).toBe(0);
  });

  it("for a forward plan only where the SKU has a forecast to measure the error of", () => {
    expect(demandOf(SKU, { ahead: 28 })).toBe(days);
    expect(demandOf(withoutForecasts, { ahead: 28 })).toBe(0);
  });
});
