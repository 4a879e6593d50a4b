/** Every policy whose review is overdue on the as-of date (not the wall clock: runs are reproducible). */
import { dayNumber } from "../../dates.js";
import { finding, lineOf } from "../../findings/finding.js";
import { allPolicies } from "../../policy/policy-summary.js";
import type { LoadedPolicy, SegmentPolicy } from "../../types.js";
import type { Detector } from "../detector.js";

export const staleReviewDetector: Detector = {
  name: "policies whose review is overdue",
  kinds: ["stale-review"],
  detect({ policies, window }) {
    return allPolicies(policies).flatMap((p) => {
      const meta = p.value.metadata;
      const overdue = dayNumber(window.to) - (dayNumber(meta.reviewedOn) + meta.reviewEveryDays);
      if (overdue <= 0) return [];
      const isSegment = p.value.kind === "SegmentPolicy";
      return [
        finding({
          kind: "stale-review",
          severity: overdue > meta.reviewEveryDays ? "error" : "warning",
          scope: isSegment ? "segment" : "portfolio",
          subject: meta.name,
          policy: isSegment ? (p as LoadedPolicy<SegmentPolicy>) : null,
          expected: { max: meta.reviewEveryDays },
          actual: meta.reviewEveryDays + overdue,
          evidence: { n: 1, interval: null, window, reviewedOn: meta.reviewedOn },
          message:
            `${meta.name} was last reviewed on ${meta.reviewedOn} and is reviewed every ` +
            `${meta.reviewEveryDays} days, so its review is ${overdue} days overdue.`,
          owner: meta.owner,
          line: lineOf(p, "/metadata/reviewedOn"),
        }),
      ];
    });
  },
};
