/**
 * segment-mismatch: a SKU pinned to a segment whose conditions it does not meet while another
 * segment's hold, or pinned to a segment that does not exist; most material first, a few a segment.
 */
import { finding } from "../../findings/finding.js";
import type { Finding } from "../../findings/finding.js";
import type { Detector, EvaluationContext } from "../detector.js";
import { SKU_FINDINGS_PER_SEGMENT, byMateriality } from "../materiality.js";
import type { SegmentResult } from "../segment-portfolio.js";
import { segmentBase } from "./segment-base.js";

export const segmentMismatchDetector: Detector = {
  name: "SKUs pinned where they do not belong",
  kinds: ["segment-mismatch"],
  detect(context) {
    return [
      ...context.portfolio.segments.flatMap((s) => misfits(s, context)),
      ...unknownPins(context),
    ];
  },
};

function misfits(s: SegmentResult, { window }: EvaluationContext): Finding[] {
  const match = s.policy.value.match;
  const found = s.skus
    .filter(
      (k) =>
        k.assignment.reason === "pinned" &&
        match !== undefined &&
        !k.assignment.matched.some((m) => m.name === s.name) &&
        k.assignment.matched.length > 0,
    )
    .sort(byMateriality);
  return found.slice(0, SKU_FINDINGS_PER_SEGMENT).map((k) => {
    const like = k.assignment.matched[0]?.name ?? "";
    return finding({
      kind: "segment-mismatch",
      severity: "warning",
      scope: "sku",
      subject: k.sku,
      ...segmentBase(s),
      actual: like,
      evidence: {
        n: 1,
        interval: null,
        window,
        pinned: s.name,
        behavesLike: k.assignment.matched.map((m) => m.name),
        more: Math.max(0, found.length - SKU_FINDINGS_PER_SEGMENT),
      },
      message:
        `${k.sku} is pinned to ${s.name} but does not meet its conditions, and behaves like ${like}: ` +
        `either the pin or the policy is out of date.`,
    });
  });
}

function unknownPins({ portfolio, window }: EvaluationContext): Finding[] {
  return portfolio.skus
    .filter((x) => x.assignment.unknownPin !== undefined)
    .sort(byMateriality)
    .slice(0, SKU_FINDINGS_PER_SEGMENT)
    .map((k) =>
      finding({
        kind: "segment-mismatch",
        severity: "warning",
        scope: "sku",
        subject: k.sku,
        actual: k.assignment.unknownPin ?? null,
        evidence: { n: 1, interval: null, window, pinned: k.assignment.unknownPin },
        message:
          `${k.sku} is pinned to "${k.assignment.unknownPin ?? ""}" in skus.csv, which is no segment; ` +
          `it was placed in ${k.assignment.segment ?? "no segment"} by the rules instead.`,
        owner:
          portfolio.segments.find((s) => s.name === k.assignment.segment)?.policy.value.metadata
            .owner ?? "",
      }),
    );
}
