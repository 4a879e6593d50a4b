/**
 * The warning signals the article names, each judged by a test rather than by eye:
 * - firefighting: expedites in the window's last third significantly more frequent (per order)
 *   than in its first third (one-sided conditional binomial test, p < 0.05, at least 5 expedites);
 * - asymmetry: excess capital higher in each third than the last (and higher at the end across
 *   SKUs, paired t interval above 0), material (at least 5% of the segment's capital at the end,
 *   grown by at least 2% of it), while stockout days rose (binomial test, p < 0.05);
 * - reactive-cut: in a span of three weeks, downward overrides far above their own rate in the
 *   rest of the window (p below 0.05 ÷ the number of spans tried) in two or more segments at once;
 * - segment-mismatch: a SKU pinned to a segment whose conditions it does not meet while another
 *   segment's hold, or pinned to a segment that does not exist;
 * - inconsistency: comparable SKUs held at very different cover without a policy saying why.
 * Pure.
 */
import { pushTo } from "../collections.js";
import { findingId } from "../findings/finding.js";
import type { Finding } from "../findings/finding.js";
import { formatValue } from "../findings/metric-phrases.js";
import { excessCapital } from "../metrics/roll-up.js";
import type { SkuEvaluation } from "../metrics/sku-metrics.js";
import { binomialUpperTail, meanInterval, risingP, sum } from "../stats/stats.js";
import type { LoadedPolicy, RiskTolerance } from "../types.js";
import { SKU_FINDINGS_PER_SEGMENT, byMateriality } from "./check-findings.js";
import type { AssignedSku, SegmentResult, SegmentedPortfolio } from "./segment-portfolio.js";
import { sourceOf } from "../policy/source-of.js";

type Window = { from: string; to: string };

const P = 0.05;
const SPAN_WEEKS = 3;
/** Asymmetry needs excess of at least this share of the segment's capital at the end … */
export const MATERIAL_EXCESS_SHARE = 0.05;
/** … grown by at least this share of it across the window. */
export const MATERIAL_GROWTH_SHARE = 0.02;

const segmentBase = (s: SegmentResult) => ({
  policy: s.name,
  policyVersion: s.policy.value.metadata.version,
  owner: s.policy.value.metadata.owner,
  source: sourceOf(s.policy, "/metadata/name"),
});

export function firefighting(result: SegmentedPortfolio, window: Window): Finding[] {
  const findings: Finding[] = [];
  for (const s of result.segments) {
    const first = s.skus.map((k) => k.samples.periods[0]);
    const last = s.skus.map((k) => k.samples.periods[2]);
    const x1 = sum(first.map((p) => p?.expedited ?? 0));
    const e1 = sum(first.map((p) => p?.orders ?? 0));
    const x3 = sum(last.map((p) => p?.expedited ?? 0));
    const e3 = sum(last.map((p) => p?.orders ?? 0));
    if (x3 < 5) continue;
    const p = risingP(x1, e1, x3, e3);
    if (p >= P) continue;
    const bound = s.policy.value.tolerance?.expediteRate?.max;
    const rate3 = x3 / e3;
    const from = s.skus[0]?.samples.periods;
    findings.push({
      id: findingId("firefighting", "segment", s.name, "expediteRate"),
      kind: "firefighting",
      severity: bound !== undefined && rate3 > 2 * bound ? "error" : "warning",
      scope: "segment",
      subject: s.name,
      ...segmentBase(s),
      metric: "expediteRate",
      expected: bound !== undefined ? { max: bound } : null,
      actual: rate3,
      evidence: {
        n: e1 + e3,
        interval: null,
        window,
        first: { expedited: x1, orders: e1, from: from?.[0]?.from, to: from?.[0]?.to },
        last: { expedited: x3, orders: e3, from: from?.[2]?.from, to: from?.[2]?.to },
        p,
      },
      message: `In ${s.name}, expedites rose from ${x1} of ${e1} orders to ${x3} of ${e3} between the first and last thirds of the window (one-sided p = ${p.toPrecision(2)}): stock is being rescued instead of planned.`,
      status: "new",
    });
  }
  return findings;
}

export function asymmetry(result: SegmentedPortfolio, window: Window): Finding[] {
  const findings: Finding[] = [];
  const maxWeeks = (s: SegmentResult): number => s.policy.value.targets.cover.maxWeeks;
  for (const s of result.segments) {
    const periodExcess = (sku: SkuEvaluation, k: number): number => {
      const p = sku.samples.periods[k];
      if (!p || p.onHandMean === null) return 0;
      return excessCapital(
        { ...sku, samples: { ...sku.samples, onHandMean: p.onHandMean } },
        maxWeeks(s),
      );
    };
    const excess = [0, 1, 2].map((k) => sum(s.skus.map((sku) => periodExcess(sku, k))));
    const [e1, e2, e3] = excess as [number, number, number];
    if (!(e1 < e2 && e2 < e3)) continue;
    // Material only: excess at the end is a real share of the segment's capital, and it grew by a real amount.
    const capital = typeof s.metrics.capital?.value === "number" ? s.metrics.capital.value : 0;
    if (
      capital <= 0 ||
      e3 < MATERIAL_EXCESS_SHARE * capital ||
      e3 - e1 < MATERIAL_GROWTH_SHARE * capital
    )
      continue;
    const diff = meanInterval(s.skus.map((sku) => periodExcess(sku, 2) - periodExcess(sku, 0)));
    if (!diff?.interval || diff.interval[0] <= 0) continue;
    const periods = s.skus.map((k) => k.samples.periods);
    const s1 = sum(periods.map((p) => p[0]?.stockoutDays ?? 0));
    const k1 = sum(periods.map((p) => p[0]?.knownDays ?? 0));
    const s3 = sum(periods.map((p) => p[2]?.stockoutDays ?? 0));
    const k3 = sum(periods.map((p) => p[2]?.knownDays ?? 0));
    const p = risingP(s1, k1, s3, k3);
    if (s3 <= s1 || p >= P) continue;
    findings.push({
      id: findingId("asymmetry", "segment", s.name, "excessCapital"),
      kind: "asymmetry",
      severity: "warning",
      scope: "segment",
      subject: s.name,
      ...segmentBase(s),
      metric: "excessCapital",
      expected: null,
      actual: e3,
      evidence: {
        n: s.skus.length,
        interval: diff.interval,
        window,
        excess,
        stockoutDays: [s1, s3],
        p,
      },
      message: `In ${s.name}, excess capital grew in each third of the window (${excess.map((e) => formatValue("excessCapital", e)).join(" → ")}) while stockout days rose from ${s1} to ${s3} (p = ${p.toPrecision(2)}): cash is piling up in the wrong SKUs.`,
      status: "new",
    });
  }
  return findings;
}

export function reactiveCuts(
  result: SegmentedPortfolio,
  tolerance: LoadedPolicy<RiskTolerance>,
  window: Window,
): Finding[] {
  const hits: { segment: string; start: number; down: number; decisions: number; p: number }[] = [];
  for (const s of result.segments) {
    const weeks = s.skus[0]?.samples.weeks.length ?? 0;
    const down = Array.from({ length: weeks }, (_, w) =>
      sum(s.skus.map((k) => k.samples.weeks[w]?.down ?? 0)),
    );
    const decided = Array.from({ length: weeks }, (_, w) =>
      sum(s.skus.map((k) => k.samples.weeks[w]?.decisions ?? 0)),
    );
    const spans = weeks - SPAN_WEEKS + 1;
    let best: (typeof hits)[number] | undefined;
    for (let start = 0; start < spans; start++) {
      const x = sum(down.slice(start, start + SPAN_WEEKS));
      const n = sum(decided.slice(start, start + SPAN_WEEKS));
      const restDown = sum(down) - x;
      const restN = sum(decided) - n;
      if (x < 5 || restN === 0) continue;
      const base = (restDown + 0.5) / (restN + 1);
      const p = binomialUpperTail(x, n, base);
      if (p < P / spans && (!best || p < best.p))
        best = { segment: s.name, start, down: x, decisions: n, p };
    }
    if (best) hits.push(best);
  }
  // A wave: two or more segments cut within the same few weeks.
  if (hits.length < 2) return [];
  const starts = hits.map((h) => h.start);
  if (Math.max(...starts) - Math.min(...starts) > SPAN_WEEKS) return [];
  return [
    {
      id: findingId("reactive-cut", "portfolio", "portfolio", "overrideDownRate"),
      kind: "reactive-cut",
      severity: "warning",
      scope: "portfolio",
      subject: "portfolio",
      policy: null,
      policyVersion: null,
      metric: "overrideDownRate",
      expected: null,
      actual: sum(hits.map((h) => h.down)) / sum(hits.map((h) => h.decisions)),
      evidence: { n: sum(hits.map((h) => h.decisions)), interval: null, window, segments: hits },
      message: `Downward overrides surged in ${hits.map((h) => h.segment).join(", ")} within the same ${SPAN_WEEKS} weeks (${hits.map((h) => `${h.down} of ${h.decisions}`).join(", ")}): a reactive cut across segments, the reflex that starves stable lines.`,
      owner: tolerance.value.metadata.owner,
      source: sourceOf(tolerance, "/overrides/threshold"),
      status: "new",
    },
  ];
}

/** SKUs pinned where they do not belong, most material first, a few a segment. */
export function segmentMismatches(
  result: SegmentedPortfolio,
  window: Window,
  perSegment = SKU_FINDINGS_PER_SEGMENT,
): Finding[] {
  const findings: Finding[] = [];
  for (const s of result.segments) {
    const match = s.policy.value.match;
    const misfits = s.skus
      .filter(
        (k) =>
          k.assignment.reason === "pinned" &&
          match !== undefined &&
          !k.assignment.matched.some((m) => m.name === s.name) &&
          k.assignment.matched.length > 0,
      )
      .sort(byMateriality);
    for (const k of misfits.slice(0, perSegment)) {
      const like = k.assignment.matched[0]?.name ?? "";
      findings.push({
        id: findingId("segment-mismatch", "sku", k.sku),
        kind: "segment-mismatch",
        severity: "warning",
        scope: "sku",
        subject: k.sku,
        ...segmentBase(s),
        metric: null,
        expected: null,
        actual: like,
        evidence: {
          n: 1,
          interval: null,
          window,
          pinned: s.name,
          behavesLike: k.assignment.matched.map((m) => m.name),
          more: Math.max(0, misfits.length - perSegment),
        },
        message: `${k.sku} is pinned to ${s.name} but does not meet its conditions, and behaves like ${like}: either the pin or the policy is out of date.`,
        status: "new",
      });
    }
  }
  for (const k of result.skus
    .filter((x) => x.assignment.unknownPin !== undefined)
    .sort(byMateriality)
    .slice(0, perSegment)) {
    findings.push({
      id: findingId("segment-mismatch", "sku", k.sku),
      kind: "segment-mismatch",
      severity: "warning",
      scope: "sku",
      subject: k.sku,
      policy: null,
      policyVersion: null,
      metric: null,
      expected: null,
      actual: k.assignment.unknownPin ?? null,
      evidence: { n: 1, interval: null, window, pinned: k.assignment.unknownPin },
      message: `${k.sku} is pinned to "${k.assignment.unknownPin ?? ""}" in skus.csv, which is no segment; it was placed in ${k.assignment.segment ?? "no segment"} by the rules instead.`,
      owner:
        result.segments.find((s) => s.name === k.assignment.segment)?.policy.value.metadata.owner ??
        "",
      status: "new",
    });
  }
  return findings;
}

/** Planned lead-time bands that make SKUs comparable, in days (upper bounds). */
export const LEAD_TIME_BANDS = [14, 30, 60, Infinity] as const;
/** SKUs a side needs before its cover or service is compared. */
export const MIN_COMPARABLE = 5;

const band = (days: number): string => {
  const i = LEAD_TIME_BANDS.findIndex((b) => days <= b);
  const lo = i === 0 ? 0 : (LEAD_TIME_BANDS[i - 1] as number) + 1;
  const hi = LEAD_TIME_BANDS[i] as number;
  return hi === Infinity ? `over ${lo - 1} days` : `${lo}–${hi} days`;
};

/**
 * Do two segments' policies say why their SKUs may be held differently? Yes when one is not
 * replenished, their cover caps differ by half or more, or their fill-rate targets by 3 points.
 */
function targetsDiffer(a: SegmentResult | undefined, b: SegmentResult | undefined): boolean {
  if (!a || !b) return true;
  const [ta, tb] = [a.policy.value.targets, b.policy.value.targets];
  if ((ta.replenish ?? true) !== (tb.replenish ?? true)) return true;
  const [lo, hi] = [
    Math.min(ta.cover.maxWeeks, tb.cover.maxWeeks),
    Math.max(ta.cover.maxWeeks, tb.cover.maxWeeks),
  ];
  return hi >= 1.5 * lo || Math.abs(ta.fillRate - tb.fillRate) >= 0.03;
}

/** The planner who made most of a SKU's decisions, if any. */
const mainPlanner = (sku: AssignedSku): string | undefined =>
  Object.entries(sku.samples.byPlanner)
    .filter(([name]) => name !== "")
    .sort((a, b) => b[1].n - a[1].n || (a[0] < b[0] ? -1 : 1))[0]?.[0];

/**
 * Comparable SKUs (same demand pattern, same planned lead-time band) carried at very different
 * cover — means at least 2× apart, their 95% intervals apart — across segments whose policies do
 * not say why (see targetsDiffer), or across planners within one segment.
 */
export function inconsistencies(result: SegmentedPortfolio, window: Window): Finding[] {
  const groups = new Map<string, AssignedSku[]>();
  for (const sku of result.skus) {
    const pattern = sku.metrics.demandPattern?.value;
    const lead = sku.metrics.plannedLeadTimeDays?.value;
    if (
      typeof pattern !== "string" ||
      typeof lead !== "number" ||
      typeof sku.metrics.coverWeeks?.value !== "number"
    )
      continue;
    const key = `${pattern}, planned lead time ${band(lead)}`;
    pushTo(groups, key, sku);
  }
  const policyOf = new Map(result.segments.map((s) => [s.name, s]));
  const findings: Finding[] = [];
  const cover = (skus: AssignedSku[]) =>
    meanInterval(skus.map((k) => k.metrics.coverWeeks?.value as number));
  const compare = (
    group: string,
    sides: [string, AssignedSku[]][],
    by: "segment" | "planner",
  ): void => {
    const measured = sides
      .filter(([, skus]) => skus.length >= MIN_COMPARABLE)
      .map(([name, skus]) => ({ name, skus, c: cover(skus) }))
      .filter(
        (x): x is typeof x & { c: NonNullable<typeof x.c> & { interval: [number, number] } } =>
          x.c?.interval !== undefined,
      )
      .sort((a, b) => (a.name < b.name ? -1 : 1));
    for (let i = 0; i < measured.length; i++) {
      for (let j = i + 1; j < measured.length; j++) {
        const [a, b] = [measured[i], measured[j]] as [
          (typeof measured)[number],
          (typeof measured)[number],
        ];
        const [low, high] = a.c.value <= b.c.value ? [a, b] : [b, a];
        if (
          low.c.value <= 0 ||
          high.c.value < 2 * low.c.value ||
          high.c.interval[0] <= low.c.interval[1]
        )
          continue;
        if (by === "segment" && targetsDiffer(policyOf.get(a.name), policyOf.get(b.name))) continue; // the policies say why
        const segment =
          by === "segment"
            ? policyOf.get(high.name)
            : policyOf.get(high.skus[0]?.assignment.segment ?? "");
        const subject = `${a.name}~${b.name}`;
        findings.push({
          id: findingId(
            "inconsistency",
            by === "segment" ? "segment" : "planner",
            subject,
            "coverWeeks",
          ),
          kind: "inconsistency",
          severity: "warning",
          scope: by === "segment" ? "segment" : "planner",
          subject,
          policy: segment?.name ?? null,
          policyVersion: segment?.policy.value.metadata.version ?? null,
          metric: "coverWeeks",
          expected: null,
          actual: high.c.value / low.c.value,
          evidence: {
            n: low.skus.length + high.skus.length,
            interval: null,
            window,
            group,
            [low.name]: { skus: low.skus.length, cover: low.c.value, interval: low.c.interval },
            [high.name]: { skus: high.skus.length, cover: high.c.value, interval: high.c.interval },
          },
          message: `Comparable SKUs (${group}) are held at ${formatValue("coverWeeks", high.c.value)} of cover by ${by} ${high.name} but ${formatValue("coverWeeks", low.c.value)} by ${low.name} (${high.skus.length} and ${low.skus.length} SKUs, intervals apart), and no policy says why.`,
          owner: segment?.policy.value.metadata.owner ?? "",
          ...(segment
            ? {
                source: sourceOf(segment.policy, "/targets/cover"),
              }
            : {}),
          status: "new",
        });
      }
    }
  };
  for (const [group, skus] of [...groups].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const bySegment = new Map<string, AssignedSku[]>();
    for (const k of skus) if (k.assignment.segment) pushTo(bySegment, k.assignment.segment, k);
    compare(group, [...bySegment], "segment");
    for (const [segment, members] of bySegment) {
      const byPlanner = new Map<string, AssignedSku[]>();
      for (const k of members) {
        const planner = mainPlanner(k);
        if (planner) pushTo(byPlanner, planner, k);
      }
      compare(`${group}, in ${segment}`, [...byPlanner], "planner");
    }
  }
  return findings;
}
