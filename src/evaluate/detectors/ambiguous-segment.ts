/** SKUs that two or more segments of equal priority both claim. */
import { pushTo } from "../../collections.js";
import { finding, lineOf } from "../../findings/finding.js";
import type { Detector } from "../detector.js";
import { EXAMPLES } from "../materiality.js";

export const ambiguousSegmentDetector: Detector = {
  name: "SKUs two segments of equal priority claim",
  kinds: ["ambiguous-segment"],
  detect({ portfolio, policies, window }) {
    const ties = new Map<string, string[]>();
    for (const s of portfolio.skus) {
      if (s.assignment.ties.length === 0 || s.assignment.segment === undefined) continue;
      pushTo(ties, [s.assignment.segment, ...s.assignment.ties].sort().join("+"), s.sku);
    }
    return [...ties].sort().map(([key, skus]) => {
      const examples = skus.slice(0, EXAMPLES);
      return finding({
        kind: "ambiguous-segment",
        severity: "warning",
        scope: "segment",
        subject: key,
        actual: skus.length,
        evidence: { n: skus.length, interval: null, window, skus: examples },
        message:
          `${skus.length} SKUs match ${key.split("+").join(" and ")} at the same priority, so which ` +
          `policy governs them is decided by name, not by intent (for example ${examples.join(", ")}).`,
        owner: policies.tolerance.value.metadata.owner,
        line: lineOf(policies.tolerance, "/metadata/name"),
      });
    });
  },
};
