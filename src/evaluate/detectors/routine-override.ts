/**
 * Overriding that has become routine: a segment or a planner whose override rate exceeds the
 * RiskTolerance's routine rate — one-sided, the standard error read off the ratio estimate's 95%
 * interval (SKUs as clusters). One hypothesis each for the evaluation's family.
 */
import { pushTo } from "../../collections.js";
import { finding, lineOf } from "../../findings/finding.js";
import type { Finding } from "../../findings/finding.js";
import { formatValue } from "../../findings/metric-phrases.js";
import { Z95, normalExceedanceP, ratioEstimate } from "../../stats/stats.js";
import type { LoadedPolicy, SegmentPolicy } from "../../types.js";
import type { Detector, EvaluationContext } from "../detector.js";
import { FAMILY_LEVEL } from "../family.js";
import type { Hypothesis } from "../family.js";
import type { SegmentedPortfolio } from "../segment-portfolio.js";

/** Decisions a segment or planner needs before its override rate is judged. */
export const MIN_DECISIONS = 20;

/** One segment's or planner's decisions, SKU by SKU. */
interface DecisionGroup {
  scope: "segment" | "planner";
  subject: string;
  owner: string;
  policy: LoadedPolicy<SegmentPolicy> | null;
  overrides: number[];
  decisions: number[];
  ups: number;
}

export const routineOverrideDetector: Detector = {
  name: "segments and planners who override routinely",
  kinds: ["routine-override"],
  detect(context) {
    return [...segmentGroups(context.portfolio), ...plannerGroups(context)].flatMap((g) =>
      judge(g, context),
    );
  },
};

function segmentGroups(portfolio: SegmentedPortfolio): DecisionGroup[] {
  return portfolio.segments.map((seg) => {
    const s = seg.skus.map((k) => k.samples);
    return {
      scope: "segment",
      subject: seg.name,
      owner: seg.policy.value.metadata.owner,
      policy: seg.policy,
      overrides: s.map((k) => k.overridesUp + k.overridesDown),
      decisions: s.map((k) => k.decisions),
      ups: s.reduce((t, k) => t + k.overridesUp, 0),
    };
  });
}

function plannerGroups({ portfolio, policies }: EvaluationContext): DecisionGroup[] {
  const byPlanner = new Map<
    string,
    { segment: string | undefined; up: number; down: number; n: number }[]
  >();
  for (const sku of portfolio.skus) {
    for (const [planner, counts] of Object.entries(sku.samples.byPlanner ?? {}))
      pushTo(byPlanner, planner, { segment: sku.assignment.segment, ...counts });
  }
  return [...byPlanner]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([planner, rows]) => {
      // The planner's findings go to the owner of the segment they decide most in.
      const weight = new Map<string, number>();
      for (const r of rows)
        if (r.segment) weight.set(r.segment, (weight.get(r.segment) ?? 0) + r.n);
      const main = [...weight].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0];
      const owner =
        portfolio.segments.find((s) => s.name === main)?.policy.value.metadata.owner ??
        policies.tolerance.value.metadata.owner;
      return {
        scope: "planner",
        subject: planner,
        owner,
        policy: null,
        overrides: rows.map((r) => r.up + r.down),
        decisions: rows.map((r) => r.n),
        ups: rows.reduce((t, r) => t + r.up, 0),
      };
    });
}

function judge(g: DecisionGroup, context: EvaluationContext): Hypothesis[] {
  const { rate } = context.policies.tolerance.value.overrides.routine;
  const e = ratioEstimate(g.overrides, g.decisions);
  if (!e || e.n < MIN_DECISIONS || !e.interval) return [];
  const p = normalExceedanceP(e.value, (e.value - e.interval[0]) / Z95, rate, "max");
  const tested = { hypothesis: `routine-override:${g.scope}:${g.subject}`, p };
  return [
    p < FAMILY_LEVEL
      ? { ...tested, finding: routineFinding(g, { ...e, interval: e.interval }, context) }
      : tested,
  ];
}

function routineFinding(
  g: DecisionGroup,
  e: NonNullable<ReturnType<typeof ratioEstimate>> & { interval: [number, number] },
  { policies, window }: EvaluationContext,
): Finding {
  const { rate } = policies.tolerance.value.overrides.routine;
  const upShare = g.ups / Math.max(1, e.value * e.n);
  const pct = (x: number) => formatValue("overrideRate", x);
  const who = g.scope === "planner" ? `Planner ${g.subject}` : `In ${g.subject}, planners`;
  return finding({
    kind: "routine-override",
    severity: e.interval[0] >= Math.min(1, rate * 1.5) ? "error" : "warning",
    scope: g.scope,
    subject: g.subject,
    policy: g.policy,
    metric: "overrideRate",
    expected: { max: rate },
    actual: e.value,
    evidence: { n: e.n, interval: e.interval, clusters: e.clusters, window, upShare },
    message:
      `${who} overrode ${pct(e.value)} of recommendations (${e.n} decisions over ${e.clusters} SKUs, ` +
      `95% interval ${pct(e.interval[0])}–${pct(e.interval[1])}; ${pct(upShare)} of them upwards), ` +
      `above the routine rate of ${pct(rate)}: the policy is no longer what is ordered.`,
    owner: g.owner,
    line: lineOf(policies.tolerance, "/overrides/routine/rate"),
  });
}
