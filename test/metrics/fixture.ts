/**
 * A SKU whose metrics were computed by hand (independently, with Python's math.erfc for Φ):
 * a censored stockout, an overdue open order, two whole weeks, an intermittent pattern, and
 * overrides in both directions.
 */
import type { SkuHistory } from "../../src/metrics/observations.js";

export const WINDOW = { from: "2026-01-01", to: "2026-01-14" };

export const SKU: SkuHistory = {
  sku: "A1",
  columns: { sku: "A1", unit_cost: 2.5, unit_price: 6, lead_time_days: 10 },
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

// Lost demand on 01-03: in-stock sales within ±7 days are 4, 6, 5, 3 (μ 4.5, sample variance
// 1.67 ≤ μ, whole units under 20 a day): Poisson(4.5), E[D − 2 | D ≥ 2] = 2.7395963953 (summed
// independently in Python with lgamma over d = 2 … 300).
export const LOST = 2.7395963952916946;
