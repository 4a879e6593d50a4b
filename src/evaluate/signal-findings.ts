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
 *   segment's hold, or pinned to a segment that does not exist.
 * Pure.
 */
import { findingId } from "../findings/finding.js";
import type { Finding } from "../findings/finding.js";
import { formatValue } from "../findings/metric-phrases.js";
import { excessCapital } from "../metrics/roll-up.js";
import type { SkuEvaluation } from "../metrics/sku-metrics.js";
import { binomialUpperTail, meanInterval, risingP, sum } from "../metrics/stats.js";
import type { LoadedPolicy, RiskTolerance } from "../types.js";
import { byMateriality } from "./check-findings.js";
import type { SegmentResult, SegmentedPortfolio } from "./segment-portfolio.js";

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
  source: s.policy.positions["/metadata/name"] ?? { file: s.policy.file, line: 1, column: 1 },
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
      source: tolerance.positions["/overrides/threshold"] ?? {
        file: tolerance.file,
        line: 1,
        column: 1,
      },
      status: "new",
    },
  ];
}

/** SKUs pinned where they do not belong, most material first, a few a segment. */
export function segmentMismatches(
  result: SegmentedPortfolio,
  window: Window,
  perSegment = 5,
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
