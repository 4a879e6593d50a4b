/**
 * Policy bounds as json-rules-engine rules: each `assumptions` bound becomes an assumption-drift
 * rule, each `tolerance` bound (and each portfolio bound of the RiskTolerance) a
 * tolerance-breach rule. A rule fires only when the evidence excludes the bound at 95%: the
 * whole interval lies beyond it (for a max, its low end is above; for a min, its high end is
 * below). Quantities that are measured rather than estimated (capital, shares of it) have no
 * interval and are compared as they are. Too few observations, or no interval where one is
 * needed, give an `insufficient-data` finding instead of a guess.
 */
import type { MetricValue } from "../metrics/observations.js";
import type { SkuMetrics } from "../metrics/sku-metrics.js";
import { findingId } from "../findings/finding.js";
import type { Evidence, Finding } from "../findings/finding.js";
import { formatValue, metricCounts, metricLabel } from "../findings/metric-phrases.js";
import type {
  Bounds,
  LoadedPolicy,
  MetricBounds,
  RiskTolerance,
  SegmentPolicy,
  Severity,
} from "../types.js";
import { byMateriality } from "./check-findings.js";
import { compileRules } from "./engine.js";
import type { AssignedSku } from "./segment-portfolio.js";
import { sourceOf } from "../policy/source-of.js";

/** Below this many observations a sampled metric says "not enough data" rather than flag. */
export const MIN_OBSERVATIONS = 10;

/** Beyond the bound by more than this share of it (at 95%) is an error, not a warning. */
export const FAR_BEYOND = 0.25;

/** Measured, not estimated: no interval is needed to compare them with a bound. */
const MEASURED = new Set([
  "capital",
  "capitalShare",
  "excessCapital",
  "excessShare",
  "onHandUnits",
  "stockoutDays",
  "revenue",
  "unitCost",
  "unitPrice",
  "plannedLeadTimeDays",
  "coverWeeks",
]);

export interface BoundTarget {
  scope: "segment" | "portfolio";
  subject: string;
  policy: LoadedPolicy<SegmentPolicy> | LoadedPolicy<RiskTolerance>;
  metrics: SkuMetrics;
  /** The SKUs behind the metrics: a finding names the most material of them beyond the bound. */
  skus?: readonly AssignedSku[];
}

/** SKUs named in a segment finding as the most material ones beyond its bound. */
export const DRIVERS = 5;

/**
 * The most material SKUs whose own value lies beyond the bound: evidence of where a segment's
 * drift or breach sits. Named inside the segment's finding rather than as findings of their
 * own: one SKU's 90 days, tested against a bound for each of hundreds of SKUs, would raise
 * false alarms by the dozen.
 */
function drivers(
  target: BoundTarget,
  metric: string,
  side: "min" | "max",
  limit: number,
): { skus: { sku: string; value: number }[]; more: number } {
  const beyond = (target.skus ?? [])
    .filter((k) => {
      const v = k.metrics[metric as keyof SkuMetrics]?.value;
      return typeof v === "number" && (side === "max" ? v > limit : v < limit);
    })
    .sort(byMateriality);
  return {
    skus: beyond
      .slice(0, DRIVERS)
      .map((k) => ({ sku: k.sku, value: k.metrics[metric as keyof SkuMetrics]?.value as number })),
    more: Math.max(0, beyond.length - DRIVERS),
  };
}

export async function boundFindings(
  targets: readonly BoundTarget[],
  window: { from: string; to: string },
  currency: string,
): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const target of targets) {
    const groups: ["assumptions" | "tolerance" | "portfolio", MetricBounds | undefined][] =
      target.policy.value.kind === "SegmentPolicy"
        ? [
            ["assumptions", target.policy.value.assumptions],
            ["tolerance", target.policy.value.tolerance],
          ]
        : [["portfolio", target.policy.value.portfolio]];
    const facts: Record<string, number> = {};
    const rules: {
      name: string;
      conditions: { all: { fact: string; operator: string; value: number }[] };
    }[] = [];
    const bounds: { group: string; metric: string; bound: Bounds; side: "min" | "max" }[] = [];
    for (const [group, byMetric] of groups) {
      for (const [metric, bound] of Object.entries<Bounds>(byMetric ?? {})) {
        const value = target.metrics[metric as keyof SkuMetrics];
        const insufficient = insufficiency(metric, value);
        if (insufficient) {
          findings.push(
            insufficientFinding(target, group, metric, bound, value, insufficient, window),
          );
          continue;
        }
        const v = value as MetricValue & { value: number };
        const [lo, hi] = v.interval ?? [v.value, v.value];
        facts[`${metric}:low`] = lo;
        facts[`${metric}:high`] = hi;
        for (const side of ["min", "max"] as const) {
          const limit = bound[side];
          if (limit === undefined) continue;
          const name = `${group}/${metric}/${side}`;
          rules.push({
            name,
            conditions: {
              all: [
                {
                  fact: `${metric}:${side === "max" ? "low" : "high"}`,
                  operator: side === "max" ? "greaterThan" : "lessThan",
                  value: limit,
                },
              ],
            },
          });
          bounds.push({ group, metric, bound, side });
        }
      }
    }
    if (rules.length === 0) continue;
    const outcomes = await compileRules(rules).run(facts);
    for (const outcome of outcomes) {
      if (!outcome.holds) continue;
      const b = bounds[rules.findIndex((r) => r.name === outcome.name)];
      if (!b) continue;
      findings.push(
        boundFinding(
          target,
          b.group,
          b.metric,
          b.bound,
          b.side,
          target.metrics[b.metric as keyof SkuMetrics] as MetricValue & { value: number },
          window,
          currency,
        ),
      );
    }
  }
  return findings;
}

function insufficiency(metric: string, value: MetricValue | undefined): string | undefined {
  if (!value || value.value === null) return value?.reason ?? "not measured";
  if (typeof value.value !== "number") return "not a number";
  if (MEASURED.has(metric)) return undefined;
  if (value.n < MIN_OBSERVATIONS)
    return `only ${value.n} ${metricCounts(metric)} (at least ${MIN_OBSERVATIONS} needed)`;
  if (!value.interval) return "too few SKUs for an interval";
  return undefined;
}

/** Expedites beyond tolerance are the contract's `firefighting`; other bounds drift or breach. */
function kindOf(
  group: string,
  metric: string,
): "assumption-drift" | "tolerance-breach" | "firefighting" {
  if (group === "assumptions") return "assumption-drift";
  return metric === "expediteRate" ? "firefighting" : "tolerance-breach";
}

/** The fields every finding about a bound shares, and the pointer of that bound in its policy. */
function common(target: BoundTarget, group: string, metric: string) {
  const meta = target.policy.value.metadata;
  const isSegment = target.policy.value.kind === "SegmentPolicy";
  return {
    fields: {
      scope: target.scope,
      subject: target.subject,
      policy: isSegment ? meta.name : null,
      policyVersion: isSegment ? meta.version : null,
      metric,
      owner: meta.owner,
    },
    groupPointer: `/${group}/${metric}`,
  };
}

function boundFinding(
  target: BoundTarget,
  group: string,
  metric: string,
  bound: Bounds,
  side: "min" | "max",
  value: MetricValue & { value: number },
  window: { from: string; to: string },
  currency: string,
): Finding {
  const c = common(target, group, metric);
  const limit = bound[side] as number;
  const [lo, hi] = value.interval ?? [value.value, value.value];
  const margin = FAR_BEYOND * (Math.abs(limit) || 0.2);
  const far = side === "max" ? lo > limit + margin : hi < limit - margin;
  const severity: Severity = far ? "error" : "warning";
  const kind = kindOf(group, metric);
  const wording = group === "assumptions" ? "an assumed" : "a tolerated";
  const limitText = `${wording} ${formatValue(metric, limit, currency)} ${side === "max" ? "at most" : "at least"}`;
  const evidenceText = value.interval
    ? ` (${value.n.toLocaleString("en-US")} ${metricCounts(metric)}${value.clusters ? ` over ${value.clusters} SKUs` : ""}, 95% interval ${formatValue(metric, lo, currency)}–${formatValue(metric, hi, currency)})`
    : ` (${value.n.toLocaleString("en-US")} SKUs)`;
  const subject = target.scope === "portfolio" ? "Across the portfolio" : `In ${target.subject}`;
  const driving = drivers(target, metric, side, limit);
  const evidence: Evidence = {
    n: value.n,
    interval: value.interval ?? null,
    window,
    ...(value.clusters !== undefined ? { clusters: value.clusters } : {}),
    ...(driving.skus.length ? { skus: driving.skus, moreSkus: driving.more } : {}),
  };
  const named = driving.skus.length
    ? `; most material beyond it: ${driving.skus.map((d) => `${d.sku} (${formatValue(metric, d.value, currency)})`).join(", ")}${driving.more ? ` and ${driving.more} more` : ""}`
    : "";
  return {
    id: findingId(kind, target.scope, target.subject, metric),
    kind,
    severity,
    ...c.fields,
    expected: bound,
    actual: value.value,
    evidence,
    message: `${subject}, ${metricLabel(metric)} is ${formatValue(metric, value.value, currency)} against ${limitText}${evidenceText}${named}.`,
    source: sourceOf(target.policy, `${c.groupPointer}/${side}`, c.groupPointer),
    status: "new",
  };
}

function insufficientFinding(
  target: BoundTarget,
  group: string,
  metric: string,
  bound: Bounds,
  value: MetricValue | undefined,
  reason: string,
  window: { from: string; to: string },
): Finding {
  const c = common(target, group, metric);
  return {
    id: findingId("insufficient-data", target.scope, target.subject, metric),
    kind: "insufficient-data",
    severity: "info",
    ...c.fields,
    expected: bound,
    actual:
      typeof value?.value === "number" || typeof value?.value === "string" ? value.value : null,
    evidence: { n: value?.n ?? 0, interval: value?.interval ?? null, window },
    message: `Not enough data to check ${metricLabel(metric)} ${target.scope === "portfolio" ? "across the portfolio" : `in ${target.subject}`} against its ${group === "assumptions" ? "assumption" : "tolerance"}: ${reason}.`,
    source: sourceOf(target.policy, c.groupPointer),
    status: "new",
  };
}
