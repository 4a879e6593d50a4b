/**
 * firefighting: expedites in the window's last third more frequent (per order) than in its
 * first third, the SKU as the unit: a paired permutation test swapping each SKU's thirds
 * (stats/permutation.ts), so one SKU's run of expedites is one SKU, not many independent
 * orders. One hypothesis a segment for the evaluation's family; a finding needs at least 5
 * expedites in the last third.
 */
import { finding } from "../../findings/finding.js";
import type { Finding } from "../../findings/finding.js";
import { risingSwapPOf } from "../../stats/permutation.js";
import { sum } from "../../stats/stats.js";
import type { Detector, EvaluationContext } from "../detector.js";
import { FAMILY_LEVEL } from "../family.js";
import type { Hypothesis } from "../family.js";
import type { SegmentResult } from "../segment-portfolio.js";
import { pairedThirds } from "./paired-thirds.js";
import { segmentBase } from "./segment-base.js";

/** Expedites the last third needs before a rise is tested. */
export const MIN_EXPEDITES = 5;

export const firefightingDetector: Detector = {
  name: "expedites rising across the window",
  kinds: ["firefighting"],
  detect(context) {
    return context.portfolio.segments.flatMap((s) => rising(s, context));
  },
};

function rising(s: SegmentResult, context: EvaluationContext): Hypothesis[] {
  if (s.skus.length === 0) return [];
  const p = risingSwapPOf(pairedThirds(s.skus, "expedited", "orders"));
  const raised = p < FAMILY_LEVEL ? risingFinding(s, p, context) : undefined;
  return [{ hypothesis: `firefighting:${s.name}`, p, ...(raised ? { finding: raised } : {}) }];
}

function risingFinding(
  s: SegmentResult,
  p: number,
  { window }: EvaluationContext,
): Finding | undefined {
  const first = s.skus.map((k) => k.samples.periods[0]);
  const last = s.skus.map((k) => k.samples.periods[2]);
  const x1 = sum(first.map((p) => p?.expedited ?? 0));
  const e1 = sum(first.map((p) => p?.orders ?? 0));
  const x3 = sum(last.map((p) => p?.expedited ?? 0));
  const e3 = sum(last.map((p) => p?.orders ?? 0));
  if (x3 < MIN_EXPEDITES || e1 === 0 || x3 / e3 <= x1 / e1) return undefined;
  const bound = s.policy.value.tolerance?.expediteRate?.max;
  const rate3 = x3 / e3;
  const periods = s.skus[0]?.samples.periods;
  return finding({
    kind: "firefighting",
    severity: bound !== undefined && rate3 > 2 * bound ? "error" : "warning",
    scope: "segment",
    subject: s.name,
    ...segmentBase(s),
    metric: "expediteRate",
    // Not the id of the bound's breach (bounds.ts), which may be raised beside it.
    key: "expediteRate:trend",
    expected: bound !== undefined ? { max: bound } : null,
    actual: rate3,
    evidence: {
      n: e1 + e3,
      interval: null,
      window,
      first: { expedited: x1, orders: e1, from: periods?.[0]?.from, to: periods?.[0]?.to },
      last: { expedited: x3, orders: e3, from: periods?.[2]?.from, to: periods?.[2]?.to },
    },
    message:
      `In ${s.name}, expedites rose from ${x1} of ${e1} orders to ${x3} of ${e3} between the first and ` +
      `last thirds of the window (SKUs paired, one-sided p = ${p.toPrecision(2)}): ` +
      "stock is being rescued instead of planned.",
  });
}
