/** What every finding about a segment's policy shares: the policy, its owner, its name's line. */
import { lineOf } from "../../findings/finding.js";
import type { FindingFields } from "../../findings/finding.js";
import type { SegmentResult } from "../segment-portfolio.js";

export const segmentBase = (
  s: SegmentResult,
): Pick<FindingFields, "policy" | "owner" | "line"> => ({
  policy: s.policy,
  owner: s.policy.value.metadata.owner,
  line: lineOf(s.policy, "/metadata/name"),
});
