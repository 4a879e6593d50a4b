/** SKUs no segment takes: no policy governs them. */
import { finding, lineOf } from "../../findings/finding.js";
import type { Detector } from "../detector.js";
import { EXAMPLES } from "../materiality.js";

export const unassignedSkuDetector: Detector = {
  name: "SKUs no segment takes",
  kinds: ["unassigned-sku"],
  detect({ portfolio, policies, window }) {
    if (portfolio.unassigned.length === 0) return [];
    const names = portfolio.unassigned.map((s) => s.sku);
    const examples = names.slice(0, EXAMPLES);
    return [
      finding({
        kind: "unassigned-sku",
        severity: "warning",
        scope: "portfolio",
        subject: "portfolio",
        actual: names.length,
        evidence: { n: portfolio.skus.length, interval: null, window, skus: examples },
        message:
          `${names.length} of ${portfolio.skus.length} SKUs match no segment, so no policy governs ` +
          `them (for example ${examples.join(", ")}).`,
        owner: policies.tolerance.value.metadata.owner,
        line: lineOf(policies.tolerance, "/metadata/name"),
      }),
    ];
  },
};
