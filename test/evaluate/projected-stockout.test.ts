/**
 * The projection of stock and the two findings that look ahead, on constructed SKUs whose
 * arithmetic can be done by hand: projected-stockout (on hand and open orders against expected
 * demand over the lead time) and supplier-concentration (one supplier's share of capital).
 */
import { describe, expect, it } from "vitest";
import { dayNumber } from "../../src/dates.js";
import {
  projectedStockoutDetector,
  projectionDays,
} from "../../src/evaluate/detectors/projected-stockout.js";
import { supplierConcentrationDetector } from "../../src/evaluate/detectors/supplier-concentration.js";
import type {
  AssignedSku,
  SegmentResult,
  SegmentedPortfolio,
} from "../../src/evaluate/segment-portfolio.js";
import { supplierExposure } from "../../src/evaluate/supplier-exposure.js";
import { projectStock } from "../../src/model/project-stock.js";
import type { SkuSamples } from "../../src/metrics/sku-metrics.js";
import { detectNow, policiesOf } from "../helpers/detect.js";
import { riskTolerance, segmentPolicy } from "../helpers/policies.js";
import { emptySamples } from "../helpers/samples.js";

const WINDOW = { from: "2026-08-03", to: "2026-10-31" };
const AS_OF = dayNumber(WINDOW.to);
const FIRST = dayNumber(WINDOW.from);

function sku(
  id: string,
  samples: Partial<SkuSamples>,
  columns: Record<string, string> = {},
): AssignedSku {
  return {
    sku: id,
    columns,
    metrics: {
      plannedLeadTimeDays: { value: 20, n: 1 },
      capital: { value: samples.unitCost ?? 1, n: 1 },
    },
    samples: emptySamples({ days: AS_OF - FIRST + 1, firstDay: FIRST, leads: [20], ...samples }),
    assignment: { segment: "core", reason: "matched", matched: [], ties: [], leaves: {} },
  };
}

const portfolioOf = (skus: AssignedSku[], policy = segmentPolicy("core")): SegmentedPortfolio => {
  const segment: SegmentResult = { name: "core", policy, skus, metrics: {} };
  return { skus, segments: [segment], unassigned: [], portfolio: {} };
};

describe("projectStock", () => {
  it("serves a day's demand from that day's delivery, and counts what goes short", () => {
    expect(
      projectStock({ onHand: 10, arrivals: [{ day: 3, qty: 20 }], demand: () => 4, days: 5 }),
    ).toEqual({
      firstShortDay: null,
      shortUnits: 0,
      demand: 20,
      endOnHand: 10,
    });
    expect(
      projectStock({ onHand: 10, arrivals: [{ day: 9, qty: 30 }], demand: () => 2, days: 20 }),
    ).toMatchObject({
      firstShortDay: 6,
      shortUnits: 6, // days 6, 7 and 8 find nothing
    });
  });
});

describe("projected-stockout", () => {
  const forecast = new Float64Array(182).fill(2);
  const onTime = sku("ON-TIME", {
    demandMean: 2,
    endOnHand: 10,
    forecastAhead: forecast,
    openOrders: [{ qty: 30, dueDay: AS_OF + 4 }],
    unitCost: 3,
  });
  const late = sku("LATE", {
    demandMean: 2,
    endOnHand: 4,
    forecastAhead: forecast,
    openOrders: [{ qty: 30, dueDay: AS_OF + 4 }],
    delays: [4, 5, 6],
    unitCost: 3,
  });

  it("flags the SKU whose open order, later by its typical delay, lands after its stock runs out", () => {
    const [f, ...rest] = detectNow(projectedStockoutDetector, portfolioOf([onTime, late]), WINDOW);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({
      kind: "projected-stockout",
      // 12 short of the segment's 80 units over the lead time: 85% served, below its 90% target
      severity: "warning",
      expected: { min: 0.9 },
      scope: "segment",
      subject: "core",
      actual: 1,
      evidence: {
        n: 2,
        window: WINDOW,
        horizon: { from: "2026-11-01", to: "2026-11-03" },
        capitalNeeded: 36,
        projectedFillRate: 0.85,
        projected: [
          {
            sku: "LATE",
            date: "2026-11-03",
            fillRate: 0.7,
            shortUnits: 12,
            capital: 36,
            orderInTime: false,
          },
        ],
      },
    });
    expect(f?.message).toContain("1 of 2 SKUs is projected to run out");
    // beside three SKUs served in full, the segment serves 92.5%: above its target, so a note
    const others = ["A", "B", "C"].map((id) => ({ ...onTime, sku: id }));
    const [noted] = detectNow(projectedStockoutDetector, portfolioOf([late, ...others]), WINDOW);
    expect(noted).toMatchObject({
      severity: "info",
      actual: 1,
      evidence: { projectedFillRate: 0.925 },
    });
  });

  it("uses the forecast ahead where there is one, else the window's mean", () => {
    const noForecast = sku("MEAN", { demandMean: 1, endOnHand: 10, unitCost: 1 });
    const [f] = detectNow(projectedStockoutDetector, portfolioOf([noForecast]), WINDOW);
    // 10 on hand at 1 a day: the 11th day finds nothing, and 10 of the lead time's 20 go short
    expect(f?.evidence.projected).toEqual([
      {
        sku: "MEAN",
        date: "2026-11-11",
        fillRate: 0.5,
        shortUnits: 10,
        capital: 10,
        orderInTime: false,
      },
    ]);
    const forecastLow = sku("LOW", {
      demandMean: 1,
      endOnHand: 10,
      unitCost: 1,
      forecastAhead: new Float64Array(182).fill(0.5),
    });
    expect(detectNow(projectedStockoutDetector, portfolioOf([forecastLow]), WINDOW)).toEqual([]);
  });

  it("looks through a seasonal build window's cover, not only the lead time", () => {
    const targets = {
      fillRate: 0.95,
      reviewPeriodDays: 7,
      cover: { minWeeks: 1, maxWeeks: 8 },
      seasonalBuild: [{ from: "11-10", to: "11-20", coverWeeks: 2 }],
    };
    // from 2026-10-31: the window runs 2026-11-10 … 11-20 (day 20), then two weeks of cover
    expect(projectionDays(targets, 10, AS_OF)).toBe(20 + 14);
    expect(projectionDays({ ...targets, seasonalBuild: undefined }, 10, AS_OF)).toBe(10);
  });
});

describe("supplier exposure", () => {
  const a = sku(
    "A1",
    { unitCost: 2, openOrders: [{ qty: 10, dueDay: AS_OF - 1 }], delays: [2, 4] },
    { supplier: "Acme" },
  );
  const b = sku("B1", { unitCost: 1 }, { supplier: "Bolt" });
  a.metrics.capital = { value: 300, n: 1 };
  b.metrics.capital = { value: 100, n: 1 };

  it("adds up capital, orders and delays by supplier", () => {
    const [acme, bolt] = supplierExposure(portfolioOf([a, b]));
    expect(acme).toMatchObject({
      supplier: "Acme",
      skus: 1,
      capital: 300,
      onOrder: 20,
      capitalShare: 0.75,
      segments: [{ name: "core", skus: 1 }],
      receipts: 2,
      delayDays: 3,
      overdue: 1,
    });
    expect(bolt).toMatchObject({
      supplier: "Bolt",
      capitalShare: 0.25,
      overdue: 0,
      delayDays: null,
    });
  });

  it("raises supplier-concentration above the tolerance's share, at the supplier", () => {
    const tolerance = riskTolerance(
      { suppliers: { capitalShare: { max: 0.6 } } },
      {
        "/suppliers/capitalShare/max": { file: "policies/tolerance.yaml", line: 12, column: 24 },
      },
    );
    const p = portfolioOf([a, b]);
    const found = detectNow(supplierConcentrationDetector, p, WINDOW, policiesOf(p, tolerance));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      id: "supplier-concentration:supplier/Acme:capitalShare",
      scope: "supplier",
      actual: 0.75,
      expected: { max: 0.6 },
      source: { file: "policies/tolerance.yaml", line: 12 },
      evidence: { n: 1, supplier: { capital: 300, onOrder: 20, segments: ["core"] } },
    });
    expect(detectNow(supplierConcentrationDetector, p, WINDOW, policiesOf(p))).toEqual([]);
  });
});
