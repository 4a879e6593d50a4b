import { weekCounts } from "../../src/metrics/week-counts.js";
import { packOrderLeads } from "../../src/metrics/lead-times.js";
import type { SkuSamples } from "../../src/metrics/sku-metrics.js";

/** A SKU's samples with nothing observed: tests set what they need. */
export function emptySamples(overrides: Partial<SkuSamples> = {}): SkuSamples {
  return {
    days: 90,
    firstDay: 0,
    sold: 0,
    demand: 0,
    demandMean: 0,
    knownDays: 0,
    outDays: 0,
    spells: [],
    unestimated: 0,
    estimatedLost: 0,
    onHandMean: null,
    endOnHand: null,
    unitCost: 1,
    unitPrice: null,
    leads: [],
    delays: [],
    orderLeads: packOrderLeads([]),
    orders: 0,
    expedited: 0,
    decisions: 0,
    overridesUp: 0,
    overridesDown: 0,
    forecastSum: 0,
    actualSum: 0,
    forecastAbsError: 0,
    forecastDays: 0,
    byPlanner: {},
    periods: [],
    weeks: weekCounts(0),
    lastStreak: 0,
    outcomes: [],
    dailyDemand: new Float64Array(0),
    dailyForecast: new Float64Array(0),
    yearAgoDemand: new Float64Array(0),
    openOrders: [],
    forecastAhead: new Float64Array(0),
    ...overrides,
  };
}
