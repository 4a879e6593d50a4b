/**
 * Per-SKU metrics on a fixture computed by hand (the numbers below were worked out independently,
 * with Python's math.erfc for Φ): a censored stockout, an overdue open order, two whole weeks,
 * an intermittent pattern, and overrides in both directions.
 */
import { describe, expect, it } from "vitest";
import { demandSeries } from "../../src/metrics/censored-demand.js";
import type { SkuObservations } from "../../src/metrics/observations.js";
import { computeSkuMetrics } from "../../src/metrics/sku-metrics.js";
import { expectedExcess, meanInterval, proportionInterval } from "../../src/metrics/stats.js";

const WINDOW = { from: "2026-01-01", to: "2026-01-14" };

const SKU: SkuObservations = {
  sku: "A1",
  unitCost: 2.5,
  unitPrice: 6,
  plannedLeadTimeDays: 10,
  daily: [
    { date: "2026-01-01", sold: 4, onHand: 10, stockout: null, lost: null },
    { date: "2026-01-02", sold: 6, onHand: 4, stockout: null, lost: null },
    { date: "2026-01-03", sold: 2, onHand: 0, stockout: null, lost: null }, // out of stock: censored
    { date: "2026-01-04", sold: 5, onHand: 20, stockout: null, lost: null },
    { date: "2026-01-08", sold: 3, onHand: 17, stockout: 0, lost: null },
    { date: "2026-01-14", sold: 4, onHand: 13, stockout: null, lost: null },
  ],
  purchaseOrders: [
    {
      po: "P1",
      ordered: "2025-12-20",
      expected: "2025-12-30",
      received: "2026-01-04",
      qty: 10,
      expedited: 0,
    }, // 15 days, 5 late
    {
      po: "P2",
      ordered: "2025-12-28",
      expected: "2026-01-07",
      received: "2026-01-08",
      qty: 10,
      expedited: 0,
    }, // 11 days, 1 late
    { po: "P3", ordered: "2025-12-25", expected: null, received: null, qty: 10, expedited: 0 }, // open, due 01-04: 20 days so far, 10 late
    {
      po: "P4",
      ordered: "2026-01-10",
      expected: "2026-01-20",
      received: null,
      qty: 10,
      expedited: 0,
    }, // open, not yet due
    {
      po: "P5",
      ordered: "2025-11-01",
      expected: "2025-11-11",
      received: "2025-11-11",
      qty: 10,
      expedited: 0,
    }, // before the window
  ],
  decisions: [
    { date: "2026-01-01", recommended: 10, ordered: 10, planner: "ana" },
    { date: "2026-01-02", recommended: 10, ordered: 12, planner: "ana" }, // +20%: up
    { date: "2026-01-03", recommended: 20, ordered: 21, planner: "ana" }, // +5%: within threshold
    { date: "2026-01-04", recommended: 20, ordered: 15, planner: "ana" }, // −25%: down
    { date: "2026-01-05", recommended: 0, ordered: 5, planner: "ana" }, // ordered against a zero recommendation: up
    { date: "2026-01-06", recommended: 0, ordered: 0, planner: "ana" }, // nothing decided: not counted
  ],
  forecasts: [
    { date: "2026-01-01", forecast: 5 },
    { date: "2026-01-02", forecast: 5 },
    { date: "2026-01-03", forecast: 5 },
  ],
  expediteEvents: 1,
};

// Lost demand on 01-03: in-stock sales within ±7 days are 4, 6, 5, 3 (μ 4.5, s 1.290994);
// E[D − 2 | D ≥ 2] for Normal(4.5, 1.290994) = 2.5811247548.
const LOST = 2.5811247548000393;

describe("per-SKU metrics", () => {
  const m = computeSkuMetrics(SKU, WINDOW, { overrideThreshold: 0.1 });

  it("estimates censored demand on the stockout day", () => {
    const s = demandSeries(SKU.daily, WINDOW);
    expect(s.lost[2]).toBeCloseTo(LOST, 9);
    expect(s.lost.filter((x) => x > 0)).toHaveLength(1);
    expect(s.estimated).toBe(1);
  });

  it("fill rate counts the estimated lost demand, so it is below 1", () => {
    expect(m.fillRate?.value).toBeCloseTo(24 / (24 + LOST), 9); // 0.9028963304
    expect(m.fillRate?.n).toBe(14);
  });

  it("demand, weekly CV and the Syntetos–Boylan class", () => {
    expect(m.demandMean?.value).toBeCloseTo(1.8986517682, 9);
    expect(m.demandCv).toMatchObject({ n: 2 });
    expect(m.demandCv?.value).toBeCloseTo(0.6693620914, 9);
    expect(m.adi?.value).toBeCloseTo(14 / 6, 12);
    expect(m.cv2?.value).toBeCloseTo(0.0443900021, 9);
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
    expect(m.coverWeeks?.value).toBeCloseTo(0.9781376913, 9);
  });

  it("lead times count the overdue open order as evidence", () => {
    expect(m.leadTimeDays?.value).toBeCloseTo(46 / 3, 12); // 15, 11 and 20 (open, so far)
    expect(m.leadTimeDays?.n).toBe(3);
    expect(m.leadTimeDays?.interval?.[0]).toBeCloseTo(4.1317359702, 8);
    expect(m.leadTimeDays?.interval?.[1]).toBeCloseTo(26.5349306964, 8);
    expect(m.leadTimeCv?.value).toBeCloseTo(0.2940815056, 9);
    expect(m.leadTimeDelayDays?.value).toBeCloseTo(16 / 3, 12); // 5, 1, 10
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
    expect(m.forecastBias?.value).toBeCloseTo(0.0287272246, 9);
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
    expect(bare.leadTimeDays?.reason).toBe("no purchase order received in the window nor overdue");
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
