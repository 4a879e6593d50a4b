/**
 * Policy bounds as json-rules-engine rules: each `assumptions` bound becomes an assumption-drift
 * rule, each `tolerance` bound (and each portfolio bound of the RiskTolerance) a
 * tolerance-breach rule. A rule fires only when the evidence excludes the bound at 95%: the
 * whole interval lies beyond it (for a max, its low end is above; for a min, its high end is
 * below). Quantities that are measured rather than estimated (capital, shares of it) have no
 * interval and are compared as they are. Too few observations, or no interval where one is
 * needed, give an `insufficient-data` finding instead of a guess.
 */
import { openOrderCount } from "../../metrics/lead-times.js";
import { isMeasured } from "../../metrics/observations.js";
import type { Measured, MetricValue } from "../../metrics/observations.js";
import type { SkuMetrics } from "../../metrics/sku-metrics.js";
import { Z95, normalExceedanceP } from "../../stats/stats.js";
import { finding, lineOf } from "../../findings/finding.js";
import type { Evidence, Finding, FindingFields, LeadTimeEvidence } from "../../findings/finding.js";
import { formatValue, metricCounts, metricLabel } from "../../findings/metric-phrases.js";
import type {
  Bounds,
  LoadedPolicy,
  MetricBounds,
  RiskTolerance,
  SegmentPolicy,
  Severity,
} from "../../types.js";
import type { Detector, EvaluationContext } from "../detector.js";
import { compileRules } from "../engine.js";
import { leadTimeTest } from "../lead-time-test.js";
import type { LeadTimeTest } from "../lead-time-test.js";
import { FAMILY_LEVEL } from "../family.js";
import type { Detected, Hypothesis } from "../family.js";
import { byMateriality } from "../materiality.js";
import type { AssignedSku } from "../segment-portfolio.js";
import { appendAll } from "../../collections.js";

/** Below this many observations a sampled metric says "not enough data" rather than flag. */
export const MIN_OBSERVATIONS = 10;

/** Beyond the bound by more than this share of it (at 95%) is an error, not a warning. */
export const FAR_BEYOND = 0.25;

/** SKUs named in a segment finding as the most material ones beyond its bound. */
export const DRIVERS = 5;

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

/** A segment or the portfolio, with the policy whose bounds apply to it. */
interface BoundTarget {
  scope: "segment" | "portfolio";
  subject: string;
  policy: LoadedPolicy<SegmentPolicy> | LoadedPolicy<RiskTolerance>;
  metrics: SkuMetrics;
  /** The SKUs behind the metrics: a finding names the most material of them beyond the bound. */
  skus: readonly AssignedSku[];
}

type Group = "assumptions" | "tolerance" | "portfolio";

/** One bound of one target, tested on one side. */
interface BoundTest {
  target: BoundTarget;
  group: Group;
  metric: string;
  bound: Bounds;
  side: "min" | "max";
  /** The target's measured value of the metric. */
  value: Measured;
  /** A maximum lead time: tested on the orders as survival data instead of by interval. */
  leadTimes?: LeadTimeTest;
}

export const boundsDetector: Detector = {
  name: "policy bounds: assumptions drift, tolerances breach",
  kinds: ["assumption-drift", "tolerance-breach", "firefighting", "insufficient-data"],
  async detect(context) {
    const detected: (Finding | Hypothesis)[] = [];
    for (const target of boundTargets(context))
      appendAll(detected, await testTarget(target, context));
    return detected;
  },
};

function boundTargets({ portfolio, policies }: EvaluationContext): BoundTarget[] {
  return [
    ...portfolio.segments.map((s) => ({
      scope: "segment" as const,
      subject: s.name,
      policy: s.policy,
      metrics: s.metrics,
      skus: s.skus,
    })),
    {
      scope: "portfolio",
      subject: "portfolio",
      policy: policies.tolerance,
      metrics: portfolio.portfolio,
      skus: portfolio.skus,
    },
  ];
}

function boundGroups(target: BoundTarget): [Group, MetricBounds | undefined][] {
  const p = target.policy.value;
  return p.kind === "SegmentPolicy"
    ? [
        ["assumptions", p.assumptions],
        ["tolerance", p.tolerance],
      ]
    : [["portfolio", p.portfolio]];
}

/**
 * Every bound of a target: too little data is a finding at once; a bound compared bare (a
 * measured quantity) is a rule; an estimated one is a hypothesis for the family, with the
 * finding it raises when rejected.
 */
async function testTarget(target: BoundTarget, context: EvaluationContext): Promise<Detected> {
  const detected: (Finding | Hypothesis)[] = [];
  const facts: Record<string, number> = {};
  const tests = new Map<string, BoundTest>();
  for (const [group, byMetric] of boundGroups(target)) {
    for (const [metric, bound] of Object.entries<Bounds>(byMetric ?? {})) {
      const value = target.metrics[metric as keyof SkuMetrics];
      const insufficient = insufficiency(metric, value);
      if (insufficient || !isMeasured(value)) {
        detected.push(
          insufficientFinding({ target, group, metric, bound }, value, insufficient ?? "", context),
        );
        continue;
      }
      for (const side of ["min", "max"] as const) {
        if (bound[side] === undefined) continue;
        const name = `${group}/${metric}/${side}`;
        const test = { target, group, metric, bound, side, value };
        if (MEASURED.has(metric)) {
          facts[`${name}:value`] = value.value;
          tests.set(name, test);
          continue;
        }
        const leadTimes = survivalTest(target, metric, side, bound);
        const p = leadTimes?.p ?? intervalP(value, bound[side], side);
        const untestable =
          p === undefined ? cannotTest(metric, side) : openBelow(target, metric, side);
        if (p === undefined || untestable) {
          detected.push(insufficientFinding(test, value, untestable ?? "", context));
          continue;
        }
        const tested = { ...test, ...(leadTimes ? { leadTimes } : {}) };
        detected.push({
          hypothesis: `bound:${target.subject}/${name}`,
          p,
          ...(p < FAMILY_LEVEL ? { finding: boundFinding(tested, context) } : {}),
        });
      }
    }
  }
  if (tests.size === 0) return detected;
  const rules = [...tests].map(([name, t]) => ({
    name,
    conditions: {
      all: [
        {
          fact: `${name}:value`,
          operator: t.side === "max" ? "greaterThan" : "lessThan",
          value: t.bound[t.side] as number,
        },
      ],
    },
  }));
  for (const outcome of await compileRules(rules).run(facts)) {
    const test = tests.get(outcome.name);
    if (outcome.holds && test) detected.push(boundFinding(test, context));
  }
  return detected;
}

/** A maximum lead time is tested on the segment's orders as survival data. */
function survivalTest(
  target: BoundTarget,
  metric: string,
  side: "min" | "max",
  bound: Bounds,
): LeadTimeTest | undefined {
  if (metric !== "leadTimeDays" || side !== "max" || bound.max === undefined) return undefined;
  return leadTimeTest(
    target.skus.map((k) => k.samples.orderLeads),
    bound.max,
  );
}

/**
 * The one-sided p-value of a bound from the estimate's 95% interval: its standard error read off
 * the half of the interval that faces the bound, so that p < 2.5% exactly when the interval
 * excludes the bound. None without an interval. A lead time's restricted mean is a lower bound
 * while orders are open, so a minimum is tested on it only when none is.
 */
function intervalP(value: Measured, limit: number, side: "min" | "max"): number | undefined {
  if (!value.interval) return undefined;
  const [lo, hi] = value.interval;
  const se = (side === "max" ? value.value - lo : hi - value.value) / Z95;
  return normalExceedanceP(value.value, se, limit, side);
}

/** A minimum lead time while orders are open: the restricted mean only bounds it from below. */
function openBelow(target: BoundTarget, metric: string, side: "min" | "max"): string | undefined {
  if (metric !== "leadTimeDays" || side !== "min") return undefined;
  const open = target.skus.reduce((t, k) => t + openOrderCount(k.samples.orderLeads), 0);
  return open > 0
    ? `${open} orders still open: their lead times so far only bound the mean from below, so a minimum cannot be tested`
    : undefined;
}

function cannotTest(metric: string, side: "min" | "max"): string {
  return metric === "leadTimeDays" && side === "min"
    ? "too few receipts for an interval of the restricted mean"
    : "too few SKUs for an interval";
}

function insufficiency(metric: string, value: MetricValue | undefined): string | undefined {
  if (!value || value.value === null) return value?.reason ?? "not measured";
  if (typeof value.value !== "number") return "not a number";
  if (MEASURED.has(metric)) return undefined;
  if (value.n < MIN_OBSERVATIONS)
    return `only ${value.n} ${metricCounts(metric)} (at least ${MIN_OBSERVATIONS} needed)`;
  return undefined;
}

/** Expedites beyond tolerance are the contract's `firefighting`; other bounds drift or breach. */
function kindOf(
  group: Group,
  metric: string,
): "assumption-drift" | "tolerance-breach" | "firefighting" {
  if (group === "assumptions") return "assumption-drift";
  return metric === "expediteRate" ? "firefighting" : "tolerance-breach";
}

/** The fields every finding about a bound shares. */
function common(
  test: Omit<BoundTest, "side" | "value">,
): Omit<FindingFields, "kind" | "severity" | "evidence" | "message"> {
  const { target, metric, bound } = test;
  const policy =
    target.policy.value.kind === "SegmentPolicy"
      ? (target.policy as LoadedPolicy<SegmentPolicy>)
      : null;
  return {
    scope: target.scope,
    subject: target.subject,
    policy,
    metric,
    owner: target.policy.value.metadata.owner,
    expected: bound,
  };
}

/**
 * The most material SKUs whose own value lies beyond the bound: evidence of where a segment's
 * drift or breach sits. Named inside the segment's finding rather than as findings of their
 * own: one SKU's 90 days, tested against a bound for each of hundreds of SKUs, would raise
 * false alarms by the dozen.
 */
function drivers(test: BoundTest): { skus: { sku: string; value: number }[]; more: number } {
  const limit = test.bound[test.side] as number;
  const beyond = test.target.skus
    .flatMap((k) => {
      const v = k.metrics[test.metric as keyof SkuMetrics];
      return isMeasured(v) && (test.side === "max" ? v.value > limit : v.value < limit)
        ? [{ k, value: v.value }]
        : [];
    })
    .sort((a, b) => byMateriality(a.k, b.k));
  return {
    skus: beyond.slice(0, DRIVERS).map(({ k, value }) => ({ sku: k.sku, value })),
    more: Math.max(0, beyond.length - DRIVERS),
  };
}

function boundFinding(test: BoundTest, { window, currency }: EvaluationContext): Finding {
  const { target, group, metric, side, value } = test;
  const limit = test.bound[side] as number;
  const [lo, hi] = value.interval ?? [value.value, value.value];
  const margin = FAR_BEYOND * (Math.abs(limit) || 0.2);
  const far = side === "max" ? lo > limit + margin : hi < limit - margin;
  const severity: Severity = far ? "error" : "warning";
  const format = (x: number) => formatValue(metric, x, currency);
  const wording = group === "assumptions" ? "an assumed" : "a tolerated";
  const limitText = `${wording} ${format(limit)} ${side === "max" ? "at most" : "at least"}`;
  const n = value.n.toLocaleString("en-US");
  const evidenceText = value.interval
    ? ` (${n} ${metricCounts(metric)}${value.clusters ? ` over ${value.clusters} SKUs` : ""}, ` +
      `95% interval ${format(lo)}–${format(hi)})`
    : MEASURED.has(metric)
      ? ` (${n} SKUs)`
      : ` (${n} ${metricCounts(metric)}${value.clusters ? ` over ${value.clusters} SKUs` : ""})`;
  const subject = target.scope === "portfolio" ? "Across the portfolio" : `In ${target.subject}`;
  const driving = drivers(test);
  const evidence: Evidence = {
    n: value.n,
    interval: value.interval ?? null,
    window,
    ...(value.clusters !== undefined ? { clusters: value.clusters } : {}),
    ...(driving.skus.length ? { skus: driving.skus, moreSkus: driving.more } : {}),
    ...(test.leadTimes ? { leadTimes: leadTimeEvidence(test.leadTimes) } : {}),
    ...(metric === "fillRate" ? estimatedLost(target) : {}),
  };
  const listed = driving.skus.map((d) => `${d.sku} (${format(d.value)})`).join(", ");
  const named = driving.skus.length
    ? `; most material beyond it: ${listed}${driving.more ? ` and ${driving.more} more` : ""}`
    : "";
  const pointer = `/${group}/${metric}`;
  return finding({
    ...common(test),
    kind: kindOf(group, metric),
    severity,
    actual: value.value,
    evidence,
    message:
      `${subject}, ${metricLabel(metric)} is ${format(value.value)} ` +
      `against ${limitText}${evidenceText}${test.leadTimes ? leadTimeText(test.leadTimes, limit) : ""}` +
      `${estimatedText(evidence.estimatedLostShare)}${named}.`,
    line: lineOf(target.policy, `${pointer}/${side}`, pointer),
  });
}

/** How much of a fill rate's lost demand was estimated rather than given in lost_units. */
function estimatedLost(target: BoundTarget): Pick<Evidence, "estimatedLostShare"> {
  const measured = target.skus.filter(
    (k) => k.samples.knownDays > 0 && k.samples.unestimated === 0,
  );
  const lost = measured.reduce((t, k) => t + k.samples.demand - k.samples.sold, 0);
  if (lost <= 0) return {};
  return { estimatedLostShare: measured.reduce((t, k) => t + k.samples.estimatedLost, 0) / lost };
}

/** "; 100% of its lost demand is estimated (no lost_units), so the rate rests on the demand model" */
function estimatedText(share: number | undefined): string {
  if (share === undefined || share < 0.5) return "";
  return (
    `; ${formatValue("fillRate", share)} of its lost demand is estimated (no lost_units), ` +
    "so the rate rests mostly on the demand model"
  );
}

function leadTimeEvidence({ p: _p, ...evidence }: LeadTimeTest): LeadTimeEvidence {
  return evidence;
}

/** "; of 31 orders followed 85 days, 24 took longer; 12 received, 40 open (Kaplan–Meier, p = 0.0003)" */
function leadTimeText(t: LeadTimeTest, limit: number): string {
  return (
    `; of ${t.followed} orders followed ${formatValue("leadTimeDays", limit)}, ${t.beyond} took longer; ` +
    `${t.received} received, ${t.open} still open (Kaplan–Meier, p = ${t.p.toPrecision(2)})`
  );
}

function insufficientFinding(
  test: Omit<BoundTest, "side" | "value">,
  value: MetricValue | undefined,
  reason: string,
  { window }: EvaluationContext,
): Finding {
  const { target, group, metric } = test;
  const where = target.scope === "portfolio" ? "across the portfolio" : `in ${target.subject}`;
  const against = group === "assumptions" ? "assumption" : "tolerance";
  return finding({
    ...common(test),
    kind: "insufficient-data",
    severity: "info",
    actual:
      typeof value?.value === "number" || typeof value?.value === "string" ? value.value : null,
    evidence: { n: value?.n ?? 0, interval: value?.interval ?? null, window },
    message: `Not enough data to check ${metricLabel(metric)} ${where} against its ${against}: ${reason}.`,
    line: lineOf(target.policy, `/${group}/${metric}`),
  });
}
