/**
 * reactive-cut: in a span of three weeks, downward overrides far above their own rate in the
 * rest of the window (p below 0.05 ÷ the number of spans tried) in two or more segments at once.
 */
import { finding, lineOf } from "../../findings/finding.js";
import { binomialUpperTail, sum } from "../../stats/stats.js";
import type { Detector } from "../detector.js";
import type { SegmentResult } from "../segment-portfolio.js";
import { SIGNAL_P } from "./firefighting.js";

export const SPAN_WEEKS = 3;
/** Downward overrides a span needs before it is tested. */
const MIN_CUTS = 5;

type Surge = { segment: string; start: number; down: number; decisions: number; p: number };

export const reactiveCutDetector: Detector = {
  name: "waves of downward overrides across segments",
  kinds: ["reactive-cut"],
  detect({ portfolio, policies, window }) {
    const hits = portfolio.segments.flatMap((s) => surge(s) ?? []);
    // A wave: two or more segments cut within the same few weeks.
    if (hits.length < 2) return [];
    const starts = hits.map((h) => h.start);
    if (Math.max(...starts) - Math.min(...starts) > SPAN_WEEKS) return [];
    const listed = hits.map((h) => `${h.down} of ${h.decisions}`).join(", ");
    return [
      finding({
        kind: "reactive-cut",
        severity: "warning",
        scope: "portfolio",
        subject: "portfolio",
        metric: "overrideDownRate",
        actual: sum(hits.map((h) => h.down)) / sum(hits.map((h) => h.decisions)),
        evidence: { n: sum(hits.map((h) => h.decisions)), interval: null, window, segments: hits },
        message:
          `Downward overrides surged in ${hits.map((h) => h.segment).join(", ")} within the same ${SPAN_WEEKS} ` +
          `weeks (${listed}): a reactive cut across segments, the reflex that starves stable lines.`,
        owner: policies.tolerance.value.metadata.owner,
        line: lineOf(policies.tolerance, "/overrides/threshold"),
      }),
    ];
  },
};

/** The segment's most improbable span of downward overrides, if any passes the test. */
function surge(s: SegmentResult): Surge | undefined {
  const weeks = s.skus[0]?.samples.weeks.length ?? 0;
  const down = Array.from({ length: weeks }, (_, w) =>
    sum(s.skus.map((k) => k.samples.weeks[w]?.down ?? 0)),
  );
  const decided = Array.from({ length: weeks }, (_, w) =>
    sum(s.skus.map((k) => k.samples.weeks[w]?.decisions ?? 0)),
  );
  const spans = weeks - SPAN_WEEKS + 1;
  let best: Surge | undefined;
  for (let start = 0; start < spans; start++) {
    const x = sum(down.slice(start, start + SPAN_WEEKS));
    const n = sum(decided.slice(start, start + SPAN_WEEKS));
    const restDown = sum(down) - x;
    const restN = sum(decided) - n;
    if (x < MIN_CUTS || restN === 0) continue;
    const base = (restDown + 0.5) / (restN + 1);
    const p = binomialUpperTail(x, n, base);
    if (p < SIGNAL_P / spans && (!best || p < best.p))
      best = { segment: s.name, start, down: x, decisions: n, p };
  }
  return best;
}
