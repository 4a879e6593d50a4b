/**
 * reactive-cut: downward overrides surging in two or more segments within the same few weeks.
 * A segment's surge is a span of three weeks whose downward overrides per decision exceed the
 * segment's own rate before the span (one-sided conditional binomial test; at least BASE_WEEKS
 * of decisions before it, so a change later in the window cannot manufacture a wave),
 * Bonferroni over the spans tried. The wave's p: of S segments, at least two surging by chance
 * has probability at most S × (the second-smallest segment p) ÷ 2 (Markov's inequality on the
 * number of segments that surge), whatever their dependence. One hypothesis for the family.
 */
import { summedWeeks, weekCount, weeksIn } from "../../metrics/week-counts.js";
import { finding, lineOf } from "../../findings/finding.js";
import type { Finding } from "../../findings/finding.js";
import { risingP, sum } from "../../stats/stats.js";
import type { Detector, EvaluationContext } from "../detector.js";
import { FAMILY_LEVEL } from "../family.js";
import type { Hypothesis } from "../family.js";
import type { SegmentResult } from "../segment-portfolio.js";

export const SPAN_WEEKS = 3;
/** Weeks of decisions before a span that its base rate is taken from, at least. */
export const BASE_WEEKS = 4;
/** Downward overrides a span needs before it counts as a surge. */
const MIN_CUTS = 5;

type Surge = { segment: string; start: number; down: number; decisions: number; p: number };

export const reactiveCutDetector: Detector = {
  name: "waves of downward overrides across segments",
  kinds: ["reactive-cut"],
  detect(context) {
    const surges = context.portfolio.segments
      .flatMap((s) => surge(s) ?? [])
      .sort((a, b) => a.p - b.p || (a.segment < b.segment ? -1 : 1));
    const [first, second] = surges;
    if (!first || !second) return [];
    // The wave: the segments surging within SPAN_WEEKS of the most improbable surge.
    const wave = surges.filter((h) => Math.abs(h.start - first.start) <= SPAN_WEEKS);
    const p = Math.min(1, (context.portfolio.segments.length * (wave[1]?.p ?? 1)) / 2);
    const raised = p < FAMILY_LEVEL && wave.length >= 2 ? waveFinding(wave, context) : undefined;
    const tested: Hypothesis = { hypothesis: "reactive-cut:portfolio", p };
    return [raised ? { ...tested, finding: raised } : tested];
  },
};

function waveFinding(wave: readonly Surge[], { policies, window }: EvaluationContext): Finding {
  const listed = wave.map((h) => `${h.down} of ${h.decisions}`).join(", ");
  return finding({
    kind: "reactive-cut",
    severity: "warning",
    scope: "portfolio",
    subject: "portfolio",
    metric: "overrideDownRate",
    actual: sum(wave.map((h) => h.down)) / sum(wave.map((h) => h.decisions)),
    evidence: { n: sum(wave.map((h) => h.decisions)), interval: null, window, segments: [...wave] },
    message:
      `Downward overrides surged in ${wave.map((h) => h.segment).join(", ")} within the same ${SPAN_WEEKS} ` +
      `weeks (${listed}), each against its own rate before: a reactive cut across segments, ` +
      "the reflex that starves stable lines.",
    owner: policies.tolerance.value.metadata.owner,
    line: lineOf(policies.tolerance, "/overrides/threshold"),
  });
}

/** The segment's most improbable span of downward overrides against the weeks before it. */
function surge(s: SegmentResult): Surge | undefined {
  const totals = summedWeeks(s.skus);
  const weeks = weeksIn(totals);
  const down = Array.from({ length: weeks }, (_, w) => weekCount(totals, w, "down"));
  const decided = Array.from({ length: weeks }, (_, w) => weekCount(totals, w, "decisions"));
  const starts = Array.from(
    { length: Math.max(0, weeks - SPAN_WEEKS - BASE_WEEKS + 1) },
    (_, i) => i + BASE_WEEKS,
  );
  let best: Surge | undefined;
  for (const start of starts) {
    const x = sum(down.slice(start, start + SPAN_WEEKS));
    const n = sum(decided.slice(start, start + SPAN_WEEKS));
    const beforeDown = sum(down.slice(0, start));
    const beforeN = sum(decided.slice(0, start));
    if (x < MIN_CUTS || beforeN === 0) continue;
    const p = Math.min(1, starts.length * risingP(beforeDown, beforeN, x, n));
    if (!best || p < best.p) best = { segment: s.name, start, down: x, decisions: n, p };
  }
  return best;
}
