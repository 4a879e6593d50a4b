/**
 * Segment and portfolio metrics from SKU evaluations. Quantities that add up are summed (capital,
 * stockout days, revenue, excess); rates and means over events are pooled as ratio estimators
 * with SKUs as clusters (fill rate = Σ sold ÷ Σ demand, override rate = Σ overrides ÷ Σ decisions
 * …), so a busy SKU weighs by its observations and the interval honours that a SKU's days are not
 * independent; lead time is the Kaplan–Meier estimate over the SKUs' orders pooled
 * (metrics/lead-times.ts); shape measures of a SKU (demand CV, ADI, lead-time CV) are averaged
 * across SKUs with a t interval. Pure.
 */
import { METRICS } from "../vocabulary/metric-catalog.js";
import type { MetricName, NumericMetricName } from "../vocabulary/metric-catalog.js";
import type { MetricValue, NotMeasurable, NumericMetric } from "./observations.js";
import type { SkuEvaluation, SkuMetrics } from "./sku-metrics.js";
import { meanInterval, ratioEstimate, sum } from "../stats/stats.js";
import { leadTimeMetric } from "./lead-times.js";
import type { Estimate } from "../stats/stats.js";

export interface RollUpOptions {
  /** targets.cover.maxWeeks of the segment a SKU belongs to: capital above it is excess. */
  maxCoverWeeks: (sku: SkuEvaluation) => number | undefined;
  /** Capital of the whole portfolio, for capitalShare. */
  portfolioCapital?: number;
}

const notMeasurable = (reason: string): NotMeasurable => ({ value: null, n: 0, reason });

function fromEstimate(
  e: (Estimate & { clusters?: number }) | undefined,
  reason: string,
): NumericMetric {
  if (!e) return notMeasurable(reason);
  return {
    value: e.value,
    n: e.n,
    ...(e.clusters !== undefined ? { clusters: e.clusters } : {}),
    ...(e.interval ? { interval: e.interval } : {}),
  };
}

/** Mean across the SKUs where the metric is measurable. */
function acrossSkus(skus: readonly SkuEvaluation[], metric: NumericMetricName): NumericMetric {
  const values = skus
    .map((s) => s.metrics[metric]?.value)
    .filter((v): v is number => typeof v === "number");
  return fromEstimate(meanInterval(values), `no SKU with a measurable ${metric}`);
}

/** The excess capital of one SKU: mean on hand above maxWeeks of its mean demand, at cost. */
export function excessCapital(sku: SkuEvaluation, maxWeeks: number | undefined): number {
  return excessAt(sku, sku.samples.onHandMean, maxWeeks);
}

/** A SKU's excess capital had it held `onHandMean` units on average (a third of its window's). */
export function excessAt(
  sku: SkuEvaluation,
  onHandMean: number | null,
  maxWeeks: number | undefined,
): number {
  const s = sku.samples;
  if (maxWeeks === undefined || onHandMean === null) return 0;
  return Math.max(0, onHandMean - maxWeeks * 7 * s.demandMean) * s.unitCost;
}

type Samples = SkuEvaluation["samples"];
type Pooled = (s: readonly Samples[]) => NumericMetric;

/** A pooled ratio; `count` says what its n counts when that is not x itself (days, not units). */
const pooled =
  (
    y: (k: Samples) => number,
    x: (k: Samples) => number,
    reason: string,
    keep: (k: Samples) => boolean = () => true,
    count?: (k: Samples) => number,
  ): Pooled =>
  (s) => {
    const kept = s.filter(keep);
    const value = fromEstimate(ratioEstimate(kept.map(y), kept.map(x)), reason);
    if (!count || value.value === null) return value;
    return { ...value, n: sum(kept.filter((k) => x(k) > 0).map(count)) };
  };

const withService = (k: Samples): boolean => k.knownDays > 0 && k.unestimated === 0;
const noDecision = "no decision in the window";

/** Shape measures of a SKU: averaged across SKUs with a t interval. */
const ACROSS_SKUS = [
  "demandMean",
  "demandStd",
  "demandCv",
  "adi",
  "cv2",
  "leadTimeCv",
  "plannedLeadTimeDays",
  "unitCost",
  "unitPrice",
] as const;

/** Rates and means over events, pooled with SKUs as clusters; sums that add up. In output order. */
const POOLED: readonly (readonly [NumericMetricName, Pooled])[] = [
  [
    "fillRate",
    pooled(
      (k) => k.sold,
      (k) => k.demand,
      "no SKU with measurable service",
      withService,
      (k) => k.days,
    ),
  ],
  [
    "inStockRate",
    pooled(
      (k) => k.knownDays - k.outDays,
      (k) => k.knownDays,
      "no SKU with on_hand or stockout",
    ),
  ],
  [
    "stockoutDays",
    (s) => ({
      value: sum(s.map((k) => k.outDays)),
      n: sum(s.map((k) => k.knownDays)),
      clusters: s.length,
    }),
  ],
  [
    "recoveryDays",
    pooled(
      (k) => sum(k.spells),
      (k) => k.spells.length,
      "no stockout that ended inside the window",
    ),
  ],
  [
    "leadTimeDays",
    (s) => {
      const ordering = s.filter((k) => k.orderLeads.length > 0);
      return leadTimeMetric(
        ordering.map((k) => k.orderLeads),
        ordering.length,
      );
    },
  ],
  [
    "leadTimeDelayDays",
    pooled(
      (k) => sum(k.delays),
      (k) => k.delays.length,
      "no receipt with expected_on",
    ),
  ],
  [
    "expediteRate",
    pooled(
      (k) => k.expedited,
      (k) => k.orders,
      "no purchase order in the window",
    ),
  ],
  [
    "overrideRate",
    pooled(
      (k) => k.overridesUp + k.overridesDown,
      (k) => k.decisions,
      noDecision,
    ),
  ],
  [
    "overrideUpRate",
    pooled(
      (k) => k.overridesUp,
      (k) => k.decisions,
      noDecision,
    ),
  ],
  [
    "overrideDownRate",
    pooled(
      (k) => k.overridesDown,
      (k) => k.decisions,
      noDecision,
    ),
  ],
  [
    "forecastBias",
    pooled(
      (k) => k.forecastSum - k.actualSum,
      (k) => k.actualSum,
      "no forecast in the window",
      (k) => k.forecastDays > 0,
      (k) => k.forecastDays,
    ),
  ],
  [
    "forecastError",
    pooled(
      (k) => k.forecastAbsError,
      (k) => k.actualSum,
      "no forecast in the window",
      (k) => k.forecastDays > 0,
      (k) => k.forecastDays,
    ),
  ],
  [
    "margin",
    pooled(
      (k) => k.sold * ((k.unitPrice as number) - k.unitCost),
      (k) => k.sold * (k.unitPrice as number),
      "no priced SKU with sales",
      (k) => k.unitPrice !== null,
      () => 1,
    ),
  ],
  [
    "revenue",
    (s) => {
      const priced = s.filter((k) => k.unitPrice !== null);
      return priced.length
        ? { value: sum(priced.map((k) => k.sold * (k.unitPrice as number))), n: priced.length }
        : notMeasurable("no unit_price in skus.csv");
    },
  ],
];

export function rollUp(skus: readonly SkuEvaluation[], options: RollUpOptions): SkuMetrics {
  const m: SkuMetrics = {};
  const s = skus.map((k) => k.samples);
  for (const metric of ACROSS_SKUS) m[metric] = acrossSkus(skus, metric);
  for (const [metric, pool] of POOLED) m[metric] = pool(s);
  stockMetrics(m, skus, options);
  return clampIntervals(m);
}

/** Capital and what it covers: on hand at cost, excess above the cover cap, shares of capital. */
function stockMetrics(m: SkuMetrics, skus: readonly SkuEvaluation[], options: RollUpOptions): void {
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
    return;
  }
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
  const weeklyDemandAtCost = sum(stocked.map((k) => k.samples.demandMean * 7 * k.samples.unitCost));
  const endAtCost = sum(stocked.map((k) => (k.samples.endOnHand ?? 0) * k.samples.unitCost));
  m.coverWeeks =
    weeklyDemandAtCost > 0
      ? { value: endAtCost / weeklyDemandAtCost, n }
      : notMeasurable("no demand");
}

/** A t interval knows nothing of a metric's range: keep it inside (a fill rate is at most 1). */
function clampIntervals(m: SkuMetrics): SkuMetrics {
  for (const [name, value] of Object.entries(m) as [MetricName, MetricValue][]) {
    const range = METRICS[name].range;
    if (!value.interval || range === "signed" || range === "category") continue;
    const [lo, hi] = value.interval;
    value.interval = [Math.max(0, lo), range === "rate" ? Math.min(1, hi) : hi];
  }
  return m;
}
