/** Segment roll-up on three SKUs whose sums and ratios were worked out by hand. */
import { packOrderLeads } from "../../src/metrics/lead-times.js";
import { describe, expect, it } from "vitest";
import { rollUp } from "../../src/metrics/roll-up.js";
import type { SkuEvaluation, SkuSamples } from "../../src/metrics/sku-metrics.js";
import { emptySamples } from "../helpers/samples.js";

const base: SkuSamples = emptySamples({ days: 30 });

const sku = (name: string, samples: Partial<SkuSamples>, demandCv: number): SkuEvaluation => ({
  sku: name,
  columns: { sku: name },
  metrics: { demandCv: { value: demandCv, n: 4 } },
  samples: { ...base, ...samples },
});

const SKUS = [
  sku(
    "S1",
    {
      sold: 90,
      demand: 100,
      demandMean: 100 / 30,
      knownDays: 30,
      outDays: 3,
      spells: [2],
      onHandMean: 50,
      endOnHand: 40,
      unitCost: 2,
      unitPrice: 5,
      leads: [10, 12],
      delays: [0, 2],
      orderLeads: packOrderLeads([
        { time: 10, event: true, followUp: 30 },
        { time: 12, event: true, followUp: 20 },
      ]),
      orders: 4,
      expedited: 1,
      decisions: 10,
      overridesUp: 2,
      overridesDown: 1,
      forecastSum: 110,
      actualSum: 100,
      forecastDays: 30,
    },
    0.2,
  ),
  sku(
    "S2",
    {
      sold: 190,
      demand: 200,
      demandMean: 200 / 30,
      knownDays: 30,
      outDays: 1,
      spells: [1],
      onHandMean: 100,
      endOnHand: 120,
      unitCost: 1,
      unitPrice: 3,
      leads: [20],
      delays: [5],
      orderLeads: packOrderLeads([
        { time: 20, event: true, followUp: 25 },
        { time: 8, event: false, followUp: 8 }, // open: censored at 8 days
      ]),
      orders: 2,
      decisions: 10,
      forecastSum: 180,
      actualSum: 200,
      forecastDays: 30,
    },
    0.4,
  ),
  // no stock status at all, no price, no orders: counts where it can
  sku(
    "S3",
    { sold: 30, demand: 30, demandMean: 1, unitCost: 4, decisions: 5, overridesUp: 5 },
    0.3,
  ),
];

describe("rollUp", () => {
  const m = rollUp(SKUS, { maxCoverWeeks: () => 2, portfolioCapital: 400 });

  it("pools fill rate over the SKUs that have stock status, with a cluster-robust interval", () => {
    expect(m.fillRate).toMatchObject({ n: 60, clusters: 2 }); // 2 SKUs × 30 days
    expect(m.fillRate?.value).toBeCloseTo(280 / 300, 12);
    // se = √(2 · (3⅓² + 3⅓²)) / 300 = 0.0̅2; t₀.₉₇₅,₁ = 12.7062047
    expect(m.fillRate?.interval?.[0]).toBeCloseTo(
      0.9333333333 - 12.7062047362 * (6.6666666667 / 300),
      8,
    );
    expect(m.inStockRate?.value).toBeCloseTo(56 / 60, 12);
    expect(m.stockoutDays).toMatchObject({ value: 4, n: 60 });
    expect(m.recoveryDays?.value).toBe(1.5);
  });

  it("pools lead times, expedites, overrides and forecast bias", () => {
    // Kaplan–Meier over the 4 orders: S = 2/3 after 10, 1/3 after 12, 0 after 20 (the open order
    // leaves the risk set at 8); restricted mean 10 + ⅔·2 + ⅓·8 = 14; variance (8/3)²/2 + 4²/6 = 56/9
    expect(m.leadTimeDays).toMatchObject({ n: 4, clusters: 2 });
    expect(m.leadTimeDays?.value).toBeCloseTo(14, 12);
    expect(m.leadTimeDays?.interval?.[1]).toBeCloseTo(
      14 + 1.959963984540054 * Math.sqrt(56 / 9),
      10,
    );
    expect(m.leadTimeDelayDays?.value).toBeCloseTo(7 / 3, 12);
    expect(m.expediteRate?.value).toBeCloseTo(1 / 6, 12);
    expect(m.overrideRate).toMatchObject({ value: 0.32, n: 25, clusters: 3 });
    // se = √(3/2 · (0.04 + 10.24 + 11.56)) / 25; t₀.₉₇₅,₂ = 4.3026527: 0.32 ± 0.985, cut to [0, 1]
    expect(m.overrideRate?.interval).toEqual([0, 1]);
    expect(m.overrideUpRate?.value).toBeCloseTo(7 / 25, 12);
    expect(m.forecastBias?.value).toBeCloseTo(-10 / 300, 12);
  });

  it("sums capital, excess and revenue, and weighs cover and margin at cost and price", () => {
    expect(m.capital).toEqual({ value: 200, n: 2 });
    expect(m.onHandUnits?.value).toBe(150);
    expect(m.excessCapital?.value).toBeCloseTo(40 / 3, 9); // (50 − 46⅔)·2 + (100 − 93⅓)·1
    expect(m.excessShare?.value).toBeCloseTo(40 / 3 / 200, 12);
    expect(m.capitalShare?.value).toBe(0.5);
    expect(m.coverWeeks?.value).toBeCloseTo(200 / (280 / 3), 12); // (40·2 + 120·1) ÷ (46⅔ + 46⅔)
    expect(m.revenue?.value).toBe(1020);
    expect(m.margin?.value).toBeCloseTo(650 / 1020, 12);
  });

  it("averages a SKU's shape across SKUs", () => {
    expect(m.demandCv?.value).toBeCloseTo(0.3, 12);
    expect(m.demandCv?.n).toBe(3);
  });

  it("says what no SKU could measure", () => {
    const none = rollUp([SKUS[2] as SkuEvaluation], { maxCoverWeeks: () => undefined });
    expect(none.fillRate).toEqual({ value: null, n: 0, reason: "no SKU with measurable service" });
    expect(none.capital?.reason).toBe("no on_hand in daily.csv");
  });
});
