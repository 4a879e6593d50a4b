/**
 * SKUs whose fill rate cannot be measured (out of stock every day the window knows, so no in-stock
 * day to estimate lost demand from) are left out of their segment's fill rate: counted and named
 * here, with the capital they hold, never dropped in silence.
 */
import { finding, lineOf } from "../../findings/finding.js";
import type { Finding } from "../../findings/finding.js";
import { formatValue } from "../../findings/metric-phrases.js";
import type { Detector, EvaluationContext } from "../detector.js";
import { EXAMPLES, byMateriality } from "../materiality.js";
import type { SegmentResult } from "../segment-portfolio.js";

export const unmeasuredServiceDetector: Detector = {
  name: "SKUs whose fill rate cannot be measured",
  kinds: ["insufficient-data"],
  detect(context) {
    return context.portfolio.segments.flatMap((s) => unmeasured(s, context));
  },
};

function unmeasured(s: SegmentResult, { window, currency }: EvaluationContext): Finding[] {
  const skus = s.skus
    .filter((k) => k.samples.knownDays > 0 && k.samples.unestimated > 0)
    .sort(byMateriality);
  if (skus.length === 0) return [];
  const capital = skus.reduce((t, k) => t + (k.samples.onHandMean ?? 0) * k.samples.unitCost, 0);
  const examples = skus.slice(0, EXAMPLES).map((k) => k.sku);
  const holding = capital > 0 ? ` holding ${formatValue("capital", capital, currency)}` : "";
  return [
    finding({
      kind: "insufficient-data",
      severity: "info",
      scope: "segment",
      subject: s.name,
      policy: s.policy,
      metric: "fillRate",
      key: "fillRate:unmeasured",
      actual: skus.length,
      evidence: {
        n: s.skus.length,
        interval: null,
        window,
        skus: examples,
        moreSkus: skus.length - examples.length,
      },
      message:
        `Fill rate not measurable for ${skus.length} of ${s.skus.length} SKUs in ${s.name}${holding} ` +
        `(for example ${examples.join(", ")}): out of stock on every day the window knows, with no in-stock ` +
        `day to estimate lost demand from; the segment's fill rate leaves them out.`,
      owner: s.policy.value.metadata.owner,
      line: lineOf(s.policy, "/tolerance/fillRate", "/targets/fillRate"),
    }),
  ];
}
