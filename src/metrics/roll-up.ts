/**
 * Segment and portfolio metrics from SKU evaluations. Quantities that add up are summed (capital,
 * stockout days, revenue, excess); rates and means over events are pooled as ratio estimators
 * with SKUs as clusters (fill rate = Σ sold ÷ Σ demand, lead time = Σ days ÷ Σ receipts, override
 * rate = Σ overrides ÷ Σ decisions …), so a busy SKU weighs by its observations and the interval
 * honours that a SKU's days are not independent; shape measures of a SKU (demand CV, ADI, lead-time
 * CV) are averaged across SKUs with a t interval. Pure.
 */
import { METRICS } from "../vocabulary/metric-catalog.js";
import type { MetricName } from "../vocabulary/metric-catalog.js";
import type { MetricValue } from "./observations.js";
import type { SkuEvaluation, SkuMetrics } from "./sku-metrics.js";
import { meanInterval, ratioEstimate, sum } from "../stats/stats.js";
import type { Estimate } from "../stats/stats.js";

export interface RollUpOptions {
  /** targets.cover.maxWeeks of the segment a SKU belongs to: capital above it is excess. */
  maxCoverWeeks: (sku: SkuEvaluation) => number | undefined;
  /** Capital of the whole portfolio, for capitalShare. */
  portfolioCapital?: number;
}

const notMeasurable = (reason: string): MetricValue => ({ value: null, n: 0, reason });

function fromEstimate(
  e: (Estimate & { clusters?: number }) | undefined,
  reason: string,
): MetricValue {
  if (!e) return notMeasurable(reason);
  return {
    value: e.value,
    n: e.n,
    ...(e.clusters !== undefined ? { clusters: e.clusters } : {}),
    ...(e.interval ? { interval: e.interval } : {}),
  };
}

/** Mean across the SKUs where the metric is measurable. */
function acrossSkus(skus: readonly SkuEvaluation[], metric: MetricName): MetricValue {
  const values = skus
    .map((s) => s.metrics[metric]?.value)
    .filter((v): v is number => typeof v === "number");
  return fromEstimate(meanInterval(values), `no SKU with a measurable ${metric}`);
}

/** The excess capital of one SKU: mean on hand above maxWeeks of its mean demand, at cost. */
export function excessCapital(sku: SkuEvaluation, maxWeeks: number | undefined): number {
  const s = sku.samples;
  if (maxWeeks === undefined || s.onHandMean === null) return 0;
  return Math.max(0, s.onHandMean - maxWeeks * 7 * s.demandMean) * s.unitCost;
}

export function rollUp(skus: readonly SkuEvaluation[], options: RollUpOptions): SkuMetrics {
  const m: SkuMetrics = {};
  const s = skus.map((k) => k.samples);
  type Samples = (typeof s)[number];
  /** A pooled ratio; `count` says what its n counts when that is not x itself (days, not units). */
  const ratio = (
    y: (k: Samples) => number,
    x: (k: Samples) => number,
    reason: string,
    keep: (k: Samples) => boolean = () => true,
    count?: (k: Samples) => number,
  ): MetricValue => {
    const kept = s.filter(keep);
    const value = fromEstimate(ratioEstimate(kept.map(y), kept.map(x)), reason);
    if (!count || value.value === null) return value;
    return { ...value, n: sum(kept.filter((k) => x(k) > 0).map(count)) };
  };
  const service = (k: (typeof s)[number]): boolean => k.knownDays > 0 && k.unestimated === 0;

  for (const metric of [
    "demandMean",
    "demandStd",
    "demandCv",
    "adi",
    "cv2",
    "leadTimeCv",
    "plannedLeadTimeDays",
    "unitCost",
    "unitPrice",
  ] as const) {
    m[metric] = acrossSkus(skus, metric);
  }
  m.fillRate = ratio(
    (k) => k.sold,
    (k) => k.demand,
    "no SKU with measurable service",
    service,
    (k) => k.days,
  );
  m.inStockRate = ratio(
    (k) => k.knownDays - k.outDays,
    (k) => k.knownDays,
    "no SKU with on_hand or stockout",
  );
  m.stockoutDays = {
    value: sum(s.map((k) => k.outDays)),
    n: sum(s.map((k) => k.knownDays)),
    clusters: skus.length,
  };
  m.recoveryDays = ratio(
    (k) => sum(k.spells),
    (k) => k.spells.length,
    "no stockout that ended inside the window",
  );
  m.leadTimeDays = ratio(
    (k) => sum(k.leads),
    (k) => k.leads.length,
    "no receipt nor overdue order",
  );
  m.leadTimeDelayDays = ratio(
    (k) => sum(k.delays),
    (k) => k.delays.length,
    "no receipt with expected_on",
  );
  m.expediteRate = ratio(
    (k) => k.expedited,
    (k) => k.orders,
    "no purchase order in the window",
  );
  m.overrideRate = ratio(
    (k) => k.overridesUp + k.overridesDown,
    (k) => k.decisions,
    "no decision in the window",
  );
  m.overrideUpRate = ratio(
    (k) => k.overridesUp,
    (k) => k.decisions,
    "no decision in the window",
  );
  m.overrideDownRate = ratio(
    (k) => k.overridesDown,
    (k) => k.decisions,
    "no decision in the window",
  );
  m.forecastBias = ratio(
    (k) => k.forecastSum - k.actualSum,
    (k) => k.actualSum,
    "no forecast in the window",
    (k) => k.forecastDays > 0,
    (k) => k.forecastDays,
  );
  const priced = s.filter((k) => k.unitPrice !== null);
  m.margin = ratio(
    (k) => k.sold * ((k.unitPrice as number) - k.unitCost),
    (k) => k.sold * (k.unitPrice as number),
    "no priced SKU with sales",
    (k) => k.unitPrice !== null,
    () => 1,
  );
  m.revenue = priced.length
    ? { value: sum(priced.map((k) => k.sold * (k.unitPrice as number))), n: priced.length }
    : notMeasurable("no unit_price in skus.csv");

  const stocked = skus.filter((k) => k.samples.onHandMean !== null);
  if (stocked.length === 0) {
    for (const metric of [
      "onHandUnits",
      "capital",
      "coverWeeks",
      "excessCapital",
      "excessShare",
      "capitalShare",
    ] as const)
      m[metric] = notMeasurable("no on_hand in daily.csv");
  } else {
    const capital = sum(stocked.map((k) => (k.samples.onHandMean as number) * k.samples.unitCost));
    const excess = sum(stocked.map((k) => excessCapital(k, options.maxCoverWeeks(k))));
    const n = stocked.length;
    m.onHandUnits = { value: sum(stocked.map((k) => k.samples.onHandMean as number)), n };
    m.capital = { value: capital, n };
    m.excessCapital = { value: excess, n };
    m.excessShare = capital > 0 ? { value: excess / capital, n } : notMeasurable("no capital");
    if (options.portfolioCapital !== undefined) {
      m.capitalShare =
        options.portfolioCapital > 0
          ? { value: capital / options.portfolioCapital, n }
          : notMeasurable("no portfolio capital");
    }
    const weeklyDemandAtCost = sum(
      stocked.map((k) => k.samples.demandMean * 7 * k.samples.unitCost),
    );
    const endAtCost = sum(stocked.map((k) => (k.samples.endOnHand ?? 0) * k.samples.unitCost));
    m.coverWeeks =
      weeklyDemandAtCost > 0
        ? { value: endAtCost / weeklyDemandAtCost, n }
        : notMeasurable("no demand");
  }
  // A t interval knows nothing of a metric's range: keep it inside (a fill rate is at most 1).
  for (const [name, value] of Object.entries(m) as [MetricName, MetricValue][]) {
    const range = METRICS[name].range;
    if (!value.interval || range === "signed" || range === "category") continue;
    const [lo, hi] = value.interval;
    value.interval = [Math.max(0, lo), range === "rate" ? Math.min(1, hi) : hi];
  }
  return m;
}
