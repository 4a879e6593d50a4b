/**
 * Findings that do not come from a single bound: stale reviews, SKUs no segment takes, SKUs
 * two segments claim, and overriding that has become routine (by segment and by planner).
 * Pure.
 */
import { pushTo } from "../collections.js";
import { dayNumber } from "../dates.js";
import { findingId } from "../findings/finding.js";
import type { Finding } from "../findings/finding.js";
import { formatValue } from "../findings/metric-phrases.js";
import { proportionInterval, ratioEstimate } from "../stats/stats.js";
import { SKU_FINDINGS_PER_SEGMENT, byMateriality } from "./check-findings.js";
import type { LoadedPolicy, PolicySet, RiskTolerance } from "../types.js";
import type { SegmentedPortfolio } from "./segment-portfolio.js";
import { allPolicies } from "../policy/policy-summary.js";
import { sourceOf } from "../policy/source-of.js";

type Window = { from: string; to: string };

/** SKUs named in a finding about many SKUs. */
export const EXAMPLES = 5;

/** Every policy whose review is overdue on the as-of date (not the wall clock: runs are reproducible). */
export function staleReviews(policies: PolicySet, window: Window): Finding[] {
  const findings: Finding[] = [];
  for (const p of allPolicies(policies)) {
    const meta = p.value.metadata;
    const due = dayNumber(meta.reviewedOn) + meta.reviewEveryDays;
    const overdue = dayNumber(window.to) - due;
    if (overdue <= 0) continue;
    const scope = p.value.kind === "SegmentPolicy" ? "segment" : "portfolio";
    findings.push({
      id: findingId("stale-review", scope, meta.name),
      kind: "stale-review",
      severity: overdue > meta.reviewEveryDays ? "error" : "warning",
      scope,
      subject: meta.name,
      policy: p.value.kind === "SegmentPolicy" ? meta.name : null,
      policyVersion: p.value.kind === "SegmentPolicy" ? meta.version : null,
      metric: null,
      expected: { max: meta.reviewEveryDays },
      actual: meta.reviewEveryDays + overdue,
      evidence: { n: 1, interval: null, window, reviewedOn: meta.reviewedOn },
      message: `${meta.name} was last reviewed on ${meta.reviewedOn} and is reviewed every ${meta.reviewEveryDays} days, so its review is ${overdue} days overdue.`,
      owner: meta.owner,
      source: sourceOf(p, "/metadata/reviewedOn"),
      status: "new",
    });
  }
  return findings;
}

/** SKUs no segment takes, and SKUs that two segments of equal priority both claim. */
export function assignmentFindings(
  result: SegmentedPortfolio,
  tolerance: LoadedPolicy<RiskTolerance>,
  window: Window,
): Finding[] {
  const findings: Finding[] = [];
  const owner = tolerance.value.metadata.owner;
  const source = sourceOf(tolerance, "/metadata/name");
  if (result.unassigned.length > 0) {
    const names = result.unassigned.map((s) => s.sku);
    findings.push({
      id: findingId("unassigned-sku", "portfolio", "portfolio"),
      kind: "unassigned-sku",
      severity: "warning",
      scope: "portfolio",
      subject: "portfolio",
      policy: null,
      policyVersion: null,
      metric: null,
      expected: null,
      actual: names.length,
      evidence: { n: result.skus.length, interval: null, window, skus: names.slice(0, EXAMPLES) },
      message: `${names.length} of ${result.skus.length} SKUs match no segment, so no policy governs them (for example ${names.slice(0, EXAMPLES).join(", ")}).`,
      owner,
      source,
      status: "new",
    });
  }
  const ties = new Map<string, string[]>();
  for (const s of result.skus) {
    if (s.assignment.ties.length === 0 || s.assignment.segment === undefined) continue;
    const key = [s.assignment.segment, ...s.assignment.ties].sort().join("+");
    pushTo(ties, key, s.sku);
  }
  for (const [key, skus] of [...ties].sort()) {
    findings.push({
      id: findingId("ambiguous-segment", "segment", key),
      kind: "ambiguous-segment",
      severity: "warning",
      scope: "segment",
      subject: key,
      policy: null,
      policyVersion: null,
      metric: null,
      expected: null,
      actual: skus.length,
      evidence: { n: skus.length, interval: null, window, skus: skus.slice(0, EXAMPLES) },
      message: `${skus.length} SKUs match ${key.split("+").join(" and ")} at the same priority, so which policy governs them is decided by name, not by intent (for example ${skus.slice(0, EXAMPLES).join(", ")}).`,
      owner,
      source,
      status: "new",
    });
  }
  return findings;
}

/**
 * Overriding that has become routine: a segment or a planner whose override rate is at or above
 * the RiskTolerance's routine rate with 95% confidence (the interval's low end, SKUs as clusters).
 */
export function routineOverrides(
  result: SegmentedPortfolio,
  tolerance: LoadedPolicy<RiskTolerance>,
  window: Window,
  minDecisions = 20,
): Finding[] {
  const { rate } = tolerance.value.overrides.routine;
  const source = sourceOf(tolerance, "/overrides/routine/rate");
  const findings: Finding[] = [];
  const judge = (
    scope: "segment" | "planner",
    subject: string,
    owner: string,
    policy: { name: string; version: number } | null,
    ys: number[],
    xs: number[],
    ups: number,
  ) => {
    const e = ratioEstimate(ys, xs);
    if (!e || e.n < minDecisions || !e.interval || e.interval[0] < rate) return;
    const upShare = ups / Math.max(1, e.value * e.n);
    findings.push({
      id: findingId("routine-override", scope, subject, "overrideRate"),
      kind: "routine-override",
      severity: e.interval[0] >= Math.min(1, rate * 1.5) ? "error" : "warning",
      scope,
      subject,
      policy: policy?.name ?? null,
      policyVersion: policy?.version ?? null,
      metric: "overrideRate",
      expected: { max: rate },
      actual: e.value,
      evidence: { n: e.n, interval: e.interval, clusters: e.clusters, window, upShare },
      message: `${scope === "planner" ? `Planner ${subject}` : `In ${subject}, planners`} overrode ${formatValue("overrideRate", e.value)} of recommendations (${e.n} decisions over ${e.clusters} SKUs, 95% interval ${formatValue("overrideRate", e.interval[0])}–${formatValue("overrideRate", e.interval[1])}; ${formatValue("overrideRate", upShare)} of them upwards), at or above the routine rate of ${formatValue("overrideRate", rate)}: the policy is no longer what is ordered.`,
      owner,
      source,
      status: "new",
    });
  };
  for (const seg of result.segments) {
    const s = seg.skus.map((k) => k.samples);
    judge(
      "segment",
      seg.name,
      seg.policy.value.metadata.owner,
      { name: seg.name, version: seg.policy.value.metadata.version },
      s.map((k) => k.overridesUp + k.overridesDown),
      s.map((k) => k.decisions),
      s.reduce((t, k) => t + k.overridesUp, 0),
    );
  }
  const byPlanner = new Map<
    string,
    { segment: string | undefined; up: number; down: number; n: number }[]
  >();
  for (const sku of result.skus) {
    for (const [planner, counts] of Object.entries(sku.samples.byPlanner ?? {})) {
      pushTo(byPlanner, planner, { segment: sku.assignment.segment, ...counts });
    }
  }
  for (const [planner, rows] of [...byPlanner].sort(([a], [b]) => (a < b ? -1 : 1))) {
    // The planner's findings go to the owner of the segment they decide most in.
    const weight = new Map<string, number>();
    for (const r of rows) if (r.segment) weight.set(r.segment, (weight.get(r.segment) ?? 0) + r.n);
    const main = [...weight].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0];
    const owner =
      result.segments.find((s) => s.name === main)?.policy.value.metadata.owner ??
      tolerance.value.metadata.owner;
    judge(
      "planner",
      planner,
      owner,
      null,
      rows.map((r) => r.up + r.down),
      rows.map((r) => r.n),
      rows.reduce((t, r) => t + r.up, 0),
    );
  }
  findings.push(...routineOverridesBySku(result, tolerance, window));
  return findings;
}

/**
 * Routine overriding of single SKUs: an override rate whose Wilson interval lies at or above the
 * routine rate (10 decisions at least), or the latest `streak` decisions all overridden where
 * that streak is improbable at the segment's own override rate (p^streak below 0.05 ÷ the SKUs
 * tested, so a segment of habitual overriders is its own finding, not a hundred SKU ones).
 */
export function routineOverridesBySku(
  result: SegmentedPortfolio,
  tolerance: LoadedPolicy<RiskTolerance>,
  window: Window,
  minDecisions = 10,
): Finding[] {
  const { rate, streak } = tolerance.value.overrides.routine;
  const source = sourceOf(tolerance, "/overrides/routine");
  const findings: Finding[] = [];
  for (const seg of result.segments) {
    const tested = seg.skus.filter((k) => k.samples.decisions > 0);
    const decisions = tested.reduce((t, k) => t + k.samples.decisions, 0);
    if (decisions === 0) continue;
    const base =
      tested.reduce((t, k) => t + k.samples.overridesUp + k.samples.overridesDown, 0) / decisions;
    const hits = tested
      .map((k) => {
        const over = k.samples.overridesUp + k.samples.overridesDown;
        const w = proportionInterval(over, k.samples.decisions);
        const byRate = k.samples.decisions >= minDecisions && (w?.interval?.[0] ?? 0) >= rate;
        const byStreak =
          k.samples.lastStreak >= streak && base ** k.samples.lastStreak < 0.05 / tested.length;
        return { k, over, w, byRate, byStreak };
      })
      .filter((h) => h.byRate || h.byStreak)
      .sort((a, b) => byMateriality(a.k, b.k));
    const listed = hits.slice(0, SKU_FINDINGS_PER_SEGMENT);
    listed.forEach((h, i) => {
      const value = h.w?.value ?? 0;
      const why = h.byRate
        ? `overridden on ${h.over} of ${h.k.samples.decisions} decisions (${formatValue("overrideRate", value)}, 95% interval from ${formatValue("overrideRate", h.w?.interval?.[0] ?? 0)})`
        : `overridden on its last ${h.k.samples.lastStreak} decisions in a row, where ${seg.name} overrides ${formatValue("overrideRate", base)} of the time`;
      const more =
        i === listed.length - 1 && hits.length > listed.length
          ? { more: hits.length - listed.length }
          : {};
      findings.push({
        id: findingId("routine-override", "sku", h.k.sku, "overrideRate"),
        kind: "routine-override",
        severity: "warning",
        scope: "sku",
        subject: h.k.sku,
        policy: seg.name,
        policyVersion: seg.policy.value.metadata.version,
        metric: "overrideRate",
        expected: { max: rate },
        actual: value,
        evidence: {
          n: h.k.samples.decisions,
          interval: h.w?.interval ?? null,
          window,
          streak: h.k.samples.lastStreak,
          segmentRate: base,
          ...more,
        },
        message: `${h.k.sku} (${seg.name}) was ${why}: its recommendation is no longer what gets ordered.`,
        owner: seg.policy.value.metadata.owner,
        source,
        status: "new",
      });
    });
  }
  return findings;
}
