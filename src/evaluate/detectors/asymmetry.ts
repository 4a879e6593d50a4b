/**
 * asymmetry: excess capital higher in each third of the window than in the last, material (at
 * least 5% of the segment's capital at the end, grown by at least 2% of it), while stockout days
 * rose. Both rises are tested with the SKU as the unit — a paired permutation test swapping each
 * SKU's first and last thirds — and the finding needs both, so its p is the larger of the two
 * (an intersection–union test). One hypothesis a segment for the evaluation's family.
 */
import { finding } from "../../findings/finding.js";
import type { Finding } from "../../findings/finding.js";
import { formatValue } from "../../findings/metric-phrases.js";
import { excessAt } from "../../metrics/roll-up.js";
import type { SkuEvaluation } from "../../metrics/sku-metrics.js";
import { risingSwapPOf } from "../../stats/permutation.js";
import { sum } from "../../stats/stats.js";
import type { Detector, EvaluationContext } from "../detector.js";
import { FAMILY_LEVEL } from "../family.js";
import type { Hypothesis } from "../family.js";
import type { SegmentResult } from "../segment-portfolio.js";
import { pairedThirds } from "./paired-thirds.js";
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
  return p ? excessAt(sku, p.onHandMean, s.policy.value.targets.cover.maxWeeks) : 0;
}

function asymmetric(s: SegmentResult, context: EvaluationContext): Hypothesis[] {
  if (s.skus.length === 0) return [];
  const ones = new Float64Array(s.skus.length).fill(1);
  const excessP = risingSwapPOf({
    beforeCount: Float64Array.from(s.skus, (sku) => periodExcess(s, sku, 0)),
    beforeExposure: ones,
    afterCount: Float64Array.from(s.skus, (sku) => periodExcess(s, sku, 2)),
    afterExposure: ones,
  });
  const stockoutP = risingSwapPOf(pairedThirds(s.skus, "stockoutDays", "knownDays"));
  const p = Math.max(excessP, stockoutP);
  const raised = p < FAMILY_LEVEL ? asymmetryFinding(s, p, context) : undefined;
  return [{ hypothesis: `asymmetry:${s.name}`, p, ...(raised ? { finding: raised } : {}) }];
}

function asymmetryFinding(
  s: SegmentResult,
  p: number,
  { window }: EvaluationContext,
): Finding | undefined {
  const excess = [0, 1, 2].map((k) => sum(s.skus.map((sku) => periodExcess(s, sku, k))));
  const [e1, e2, e3] = excess as [number, number, number];
  if (!(e1 < e2 && e2 < e3)) return undefined;
  // Material only: excess at the end is a real share of the segment's capital, and it grew by a real amount.
  const capital = typeof s.metrics.capital?.value === "number" ? s.metrics.capital.value : 0;
  if (
    capital <= 0 ||
    e3 < MATERIAL_EXCESS_SHARE * capital ||
    e3 - e1 < MATERIAL_GROWTH_SHARE * capital
  )
    return undefined;
  const periods = s.skus.map((k) => k.samples.periods);
  const s1 = sum(periods.map((p) => p[0]?.stockoutDays ?? 0));
  const s3 = sum(periods.map((p) => p[2]?.stockoutDays ?? 0));
  if (s3 <= s1) return undefined;
  const grew = excess.map((e) => formatValue("excessCapital", e)).join(" → ");
  return finding({
    kind: "asymmetry",
    severity: "warning",
    scope: "segment",
    subject: s.name,
    ...segmentBase(s),
    metric: "excessCapital",
    actual: e3,
    evidence: {
      n: s.skus.length,
      interval: null,
      window,
      excess,
      stockoutDays: [s1, s3],
    },
    message:
      `In ${s.name}, excess capital grew in each third of the window (${grew}) while stockout days rose ` +
      `from ${s1} to ${s3} (SKUs paired, p = ${p.toPrecision(2)}): cash is piling up in the wrong SKUs.`,
  });
}
