/**
 * asymmetry: excess capital higher in each third than the last (and higher at the end across
 * SKUs, paired t interval above 0), material (at least 5% of the segment's capital at the end,
 * grown by at least 2% of it), while stockout days rose (binomial test, p < 0.05).
 */
import { finding } from "../../findings/finding.js";
import type { Finding } from "../../findings/finding.js";
import { formatValue } from "../../findings/metric-phrases.js";
import { excessCapital } from "../../metrics/roll-up.js";
import type { SkuEvaluation } from "../../metrics/sku-metrics.js";
import { meanInterval, risingP, sum } from "../../stats/stats.js";
import type { Detector, EvaluationContext } from "../detector.js";
import type { SegmentResult } from "../segment-portfolio.js";
import { SIGNAL_P } from "./firefighting.js";
import { segmentBase } from "./segment-base.js";

/** Asymmetry needs excess of at least this share of the segment's capital at the end … */
export const MATERIAL_EXCESS_SHARE = 0.05;
/** … grown by at least this share of it across the window. */
export const MATERIAL_GROWTH_SHARE = 0.02;

export const asymmetryDetector: Detector = {
  name: "excess growing while stockouts rise",
  kinds: ["asymmetry"],
  detect(context) {
    return context.portfolio.segments.flatMap((s) => asymmetric(s, context));
  },
};

/** A SKU's excess capital in one third of the window, against its segment's cover cap. */
function periodExcess(s: SegmentResult, sku: SkuEvaluation, k: number): number {
  const p = sku.samples.periods[k];
  if (!p || p.onHandMean === null) return 0;
  const inPeriod = { ...sku, samples: { ...sku.samples, onHandMean: p.onHandMean } };
  return excessCapital(inPeriod, s.policy.value.targets.cover.maxWeeks);
}

function asymmetric(s: SegmentResult, { window }: EvaluationContext): Finding[] {
  const excess = [0, 1, 2].map((k) => sum(s.skus.map((sku) => periodExcess(s, sku, k))));
  const [e1, e2, e3] = excess as [number, number, number];
  if (!(e1 < e2 && e2 < e3)) return [];
  // Material only: excess at the end is a real share of the segment's capital, and it grew by a real amount.
  const capital = typeof s.metrics.capital?.value === "number" ? s.metrics.capital.value : 0;
  if (
    capital <= 0 ||
    e3 < MATERIAL_EXCESS_SHARE * capital ||
    e3 - e1 < MATERIAL_GROWTH_SHARE * capital
  )
    return [];
  const diff = meanInterval(s.skus.map((sku) => periodExcess(s, sku, 2) - periodExcess(s, sku, 0)));
  if (!diff?.interval || diff.interval[0] <= 0) return [];
  const periods = s.skus.map((k) => k.samples.periods);
  const s1 = sum(periods.map((p) => p[0]?.stockoutDays ?? 0));
  const k1 = sum(periods.map((p) => p[0]?.knownDays ?? 0));
  const s3 = sum(periods.map((p) => p[2]?.stockoutDays ?? 0));
  const k3 = sum(periods.map((p) => p[2]?.knownDays ?? 0));
  const p = risingP(s1, k1, s3, k3);
  if (s3 <= s1 || p >= SIGNAL_P) return [];
  const grew = excess.map((e) => formatValue("excessCapital", e)).join(" → ");
  return [
    finding({
      kind: "asymmetry",
      severity: "warning",
      scope: "segment",
      subject: s.name,
      ...segmentBase(s),
      metric: "excessCapital",
      actual: e3,
      evidence: {
        n: s.skus.length,
        interval: diff.interval,
        window,
        excess,
        stockoutDays: [s1, s3],
        p,
      },
      message:
        `In ${s.name}, excess capital grew in each third of the window (${grew}) while stockout days rose ` +
        `from ${s1} to ${s3} (p = ${p.toPrecision(2)}): cash is piling up in the wrong SKUs.`,
    }),
  ];
}
