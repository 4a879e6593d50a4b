/** The finding kinds, scopes and statuses of CONTRACT §4. */
export const FINDING_KINDS = [
  "assumption-drift",
  "tolerance-breach",
  "policy-tolerance-conflict",
  "routine-override",
  "reactive-cut",
  "segment-mismatch",
  "unassigned-sku",
  "ambiguous-segment",
  "stale-review",
  "asymmetry",
  "firefighting",
  "inconsistency",
  "check",
  "insufficient-data",
  // not in CONTRACT §4 (an extension, see README): replay and formula disagree for a segment
  "model-mismatch",
] as const;

export type FindingKind = (typeof FINDING_KINDS)[number];

export const FINDING_SCOPES = ["sku", "segment", "portfolio", "planner"] as const;
export type FindingScope = (typeof FINDING_SCOPES)[number];

export const FINDING_STATUSES = ["new", "persisting", "resolved"] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];
