/**
 * Bounds for a first policy set, from what was observed: each assumption and tolerance set at
 * the far end of the observed 95% interval with a stated margin (20% of it for a maximum, five
 * points below for a rate's minimum), so the policy holds on the data it came from and says
 * what "normal" was when it was written. Each bound carries the sentence that says where it
 * came from. Pure.
 */
import type { MetricValue } from "../metrics/observations.js";
import type { SkuMetrics } from "../metrics/sku-metrics.js";
import { formatValue } from "../findings/metric-phrases.js";
import type { Bounds, MetricBounds } from "../types.js";
import type { NumericMetricName } from "../vocabulary/metric-catalog.js";
import { METRICS } from "../vocabulary/metric-catalog.js";

/** A maximum is the observed upper end plus this share of it. */
export const MAX_MARGIN = 0.2;
/** A rate's minimum is this many points below the observed lower end. */
export const RATE_MIN_MARGIN = 0.05;

/** Which side each drafted metric is bounded on, and whether it is an assumption or a tolerance. */
export const DRAFTED: readonly {
  metric: NumericMetricName;
  side: "min" | "max";
  under: "assumptions" | "tolerance";
}[] = [
  { metric: "demandCv", side: "max", under: "assumptions" },
  { metric: "leadTimeDays", side: "max", under: "assumptions" },
  { metric: "leadTimeCv", side: "max", under: "assumptions" },
  { metric: "fillRate", side: "min", under: "tolerance" },
  { metric: "capitalShare", side: "max", under: "tolerance" },
  { metric: "excessShare", side: "max", under: "tolerance" },
  { metric: "overrideRate", side: "max", under: "tolerance" },
  { metric: "expediteRate", side: "max", under: "tolerance" },
  { metric: "recoveryDays", side: "max", under: "tolerance" },
];

/** Two significant figures, rounded away from the observed value (up for a max, down for a min). */
export function niceBound(x: number, side: "min" | "max"): number {
  if (x === 0) return 0;
  const step = 10 ** (Math.floor(Math.log10(Math.abs(x))) - 1);
  const n = side === "max" ? Math.ceil(x / step - 1e-9) : Math.floor(x / step + 1e-9);
  return Number((n * step).toPrecision(2));
}

export interface DraftedBound {
  bound: number;
  note: string;
}

/** The bound a metric's observed value and interval support, or none (nothing to bound on). */
export function draftBound(
  metric: NumericMetricName,
  side: "min" | "max",
  observed: MetricValue | undefined,
  currency: string,
): DraftedBound | undefined {
  if (!observed || typeof observed.value !== "number") return undefined;
  const rate = METRICS[metric].range === "rate";
  const [lo, hi] = observed.interval ?? [observed.value, observed.value];
  const seen = (x: number) => formatValue(metric, x, currency);
  const range = observed.interval ? `95% interval ${seen(lo)}–${seen(hi)}` : "no interval";
  if (side === "max") {
    const raw = Math.max(hi, observed.value) * (1 + MAX_MARGIN);
    const bound = niceBound(raw, "max");
    if ((rate && bound >= 1) || bound === 0) return undefined;
    return { bound, note: `observed ${seen(observed.value)} (${range}, n ${observed.n}) + 20%` };
  }
  const raw =
    Math.min(lo, observed.value) -
    (rate ? RATE_MIN_MARGIN : Math.min(lo, observed.value) * MAX_MARGIN);
  const bound = niceBound(raw, "min");
  if (bound <= 0) return undefined;
  return {
    bound,
    note: `observed ${seen(observed.value)} (${range}, n ${observed.n}) − ${rate ? "5 points" : "20%"}`,
  };
}

export interface DraftedSection {
  bounds: MetricBounds;
  /** The note of each bound, by `metric.side`. */
  notes: Record<string, string>;
}

/**
 * A lead-time maximum: the observed mean is a Kaplan–Meier restricted mean, a lower bound of the
 * mean while orders are open, so the bound is never below the 90th percentile of the segment's
 * planned lead times.
 */
function leadTimeBound(
  observed: MetricValue | undefined,
  planned: number | undefined,
): DraftedBound | undefined {
  const fromData = draftBound("leadTimeDays", "max", observed, "");
  if (planned === undefined || planned <= 0) return fromData;
  const fromPlan = niceBound(planned * (1 + MAX_MARGIN), "max");
  if (fromData && fromData.bound >= fromPlan) return fromData;
  const seen = fromData ? `; ${fromData.note}, a lower bound while orders are open` : "";
  return {
    bound: fromPlan,
    note: `90th percentile of planned lead times, ${planned} days, + 20%${seen}`,
  };
}

/** The assumptions and tolerance a segment's observed metrics support. */
export function draftSegmentBounds(
  metrics: SkuMetrics,
  currency: string,
  plannedLeadTime?: number,
): { assumptions: DraftedSection; tolerance: DraftedSection } {
  const sections = {
    assumptions: { bounds: {}, notes: {} } as DraftedSection,
    tolerance: { bounds: {}, notes: {} } as DraftedSection,
  };
  for (const d of DRAFTED) {
    const drafted =
      d.metric === "leadTimeDays"
        ? leadTimeBound(metrics.leadTimeDays, plannedLeadTime)
        : draftBound(d.metric, d.side, metrics[d.metric], currency);
    if (!drafted) continue;
    const section = sections[d.under];
    const bounds: Bounds = { ...(section.bounds[d.metric] ?? {}), [d.side]: drafted.bound };
    section.bounds[d.metric] = bounds;
    section.notes[`${d.metric}.${d.side}`] = drafted.note;
  }
  return sections;
}
