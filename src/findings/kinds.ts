/**
 * The finding kinds of CONTRACT §4, each with what its owner should do about one, in a line;
 * the scopes and statuses.
 */
import type { Finding } from "./finding.js";
import { metricLabel } from "./metric-phrases.js";
import { FINDING_KIND_NAMES } from "../vocabulary/finding-kinds.js";
import type { FindingKindName } from "../vocabulary/finding-kinds.js";

/** What a kind's to-do line may use: the finding, its metric's label, and its policy line. */
type Action = (f: Finding, metric: string, line: string) => string;

interface KindInfo {
  /** What the owner should do about a finding of this kind. */
  action: Action;
}

const fixMatchRules: Action = (_f, _m, line) =>
  `Fix the segments' match rules so every SKU has exactly one segment${line}.`;

const KINDS = {
  "assumption-drift": {
    action: (f, metric, line) =>
      `Re-estimate the ${metric} assumption of ${f.policy ?? f.subject} from the data, or remove the cause of ` +
      `the drift${line}.`,
  },
  "tolerance-breach": {
    action: (f, metric, line) =>
      `Bring ${f.subject}'s ${metric} back within tolerance, or change the tolerance with finance's agreement${line}.`,
  },
  "policy-tolerance-conflict": {
    action: (f, _m, line) => `Make ${f.subject}'s targets and tolerance agree${line}.`,
  },
  "routine-override": {
    action: (f, _m, line) =>
      `Ask why ${f.scope} ${f.subject} overrides the recommendation this often: fix the recommendation or the ` +
      `policy${line}.`,
  },
  "reactive-cut": {
    action: (_f, _m, line) =>
      `Review the wave of downward overrides before it turns into stockouts${line}.`,
  },
  "segment-mismatch": {
    action: (f, _m, line) => `Decide whether ${f.subject} belongs in another segment${line}.`,
  },
  // not in CONTRACT §4 (an extension, see README): SKUs held in a segment would now be elsewhere
  "segment-migration": {
    action: (f, _m, line) =>
      `Decide whether ${f.subject}'s match rules or its assumptions no longer describe its SKUs${line}.`,
  },
  "unassigned-sku": { action: fixMatchRules },
  "ambiguous-segment": { action: fixMatchRules },
  "stale-review": {
    action: (f, _m, line) =>
      `Review ${f.subject} with its stakeholders and update reviewedOn${line}.`,
  },
  asymmetry: {
    action: (f, _m, line) =>
      `Move capital in ${f.subject} from excess stock to the SKUs that run out${line}.`,
  },
  firefighting: {
    action: (f, _m, line) =>
      `Find why ${f.subject} expedites: lead times, targets or forecasts${line}.`,
  },
  inconsistency: {
    action: (f, _m, line) =>
      `Align comparable SKUs in ${f.subject}, or write down why they differ${line}.`,
  },
  check: { action: (f, _m, line) => `${f.message}${line}` },
  "insufficient-data": {
    action: (f, metric, line) => `Collect the data to check ${metric} in ${f.subject}${line}.`,
  },
  // not in CONTRACT §4 (an extension, see README): replay and formula disagree for a segment
  "model-mismatch": {
    action: (f, _m, line) =>
      `Judge ${f.subject}'s targets by the replay, not the formula: its demand is not normal${line}.`,
  },
  // an extension: on hand and open orders against forward demand, SKUs that will run out
  "projected-stockout": {
    action: (f, _m, line) =>
      `Order, expedite or rebalance for the SKUs of ${f.subject} projected to run out, before the dates given${line}.`,
  },
  // an extension: one supplier holds more of the portfolio than the tolerance allows
  "supplier-concentration": {
    action: (f, _m, line) =>
      `Spread ${f.subject}'s share of capital over other suppliers, or agree the exposure with finance${line}.`,
  },
  // exceptions (policies/exceptions/): their expiry, their subject, what they cover, how routine
  "expired-exception": {
    action: (f, _m, line) =>
      `Fix what ${f.subject} waived, or renew it with a new approval and expiry${line}.`,
  },
  "orphan-exception": {
    action: (f, _m, line) => `Remove ${f.subject}, or point it at a subject that exists${line}.`,
  },
  "unused-exception": {
    action: (f, _m, line) =>
      `Remove ${f.subject}: it waives nothing (or fix what it covers)${line}.`,
  },
  "routine-exception": {
    action: (f, _m, line) =>
      `Fix the policy of ${f.subject} instead of waiving its findings${line}.`,
  },
} as const satisfies Record<FindingKindName, KindInfo>;

export type FindingKind = FindingKindName;

export const FINDING_KINDS = FINDING_KIND_NAMES as readonly FindingKind[];

/**
 * What the owner of a finding should do about it, in a line.
 *
 * @example actionFor(staleReview)
 * // "Review trend with its stakeholders and update reviewedOn (policies/segments/trend.yaml:7)."
 */
export function actionFor(f: Finding): string {
  const metric = f.metric ? metricLabel(f.metric) : "";
  const line = f.source ? ` (${f.source.file}:${f.source.line})` : "";
  return KINDS[f.kind].action(f, metric, line);
}

export { FINDING_SCOPES } from "../vocabulary/finding-kinds.js";
export type { FindingScope } from "../vocabulary/finding-kinds.js";

export const FINDING_STATUSES = ["new", "persisting", "resolved"] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];
