/** A finding as CONTRACT §4 prints it, and the one constructor every detector builds it with. */
import { sourceOf } from "../policy/source-of.js";
import type { Bounds, LoadedPolicy, SegmentPolicy, Severity, SourcePosition } from "../types.js";
import type { FindingKind, FindingScope, FindingStatus } from "./kinds.js";

type Window = { from: string; to: string };

/** One group's values where a finding compares groups (segments, planners): a list, never keyed by user data. */
export interface EvidenceGroup {
  name: string;
  skus: number;
  cover: number;
  interval: [number, number];
}

/** How a lead time was estimated and tested: orders as survival data (evaluate/lead-time-test). */
export interface LeadTimeEvidence {
  estimator: "kaplan-meier";
  /** Orders placed in the window and received by the as-of date. */
  received: number;
  /** Orders placed in the window still open: censored at their age so far. */
  open: number;
  /** Restricted mean up to the horizon (a lower bound of the mean while orders are open). */
  restrictedMean: number;
  horizonDays: number;
  /** One-sided p of the restricted mean against the bound. */
  meanP: number;
  /** Orders followed for at least the bound, and those that took longer. */
  followed: number;
  beyond: number;
  /** Exact binomial p that more than half took longer than the bound. */
  shareP: number;
}

/** The numbers behind a finding. Every field is named here: user data is never a key. */
export interface Evidence {
  /** Observations the value rests on. */
  n: number;
  /** 95% interval of the value, when one can be given. */
  interval?: [number, number] | null;
  /** SKUs pooled, for a pooled value. */
  clusters?: number;
  window?: Window;
  /** The p-value of the test that raised the finding. */
  p?: number;
  /** Its Holm-adjusted p-value within the evaluation's family (evaluate/family.ts). */
  adjustedP?: number;
  /** The family-wise level the adjusted p-value was tested at. */
  level?: number;
  /** Units of weight in the family: each test, and each block of per-SKU tests. */
  tests?: number;
  /** Share of the lost demand behind a fill rate that was estimated (no lost_units given). */
  estimatedLostShare?: number;
  /** A lead time's survival estimate and its two looks. */
  leadTimes?: LeadTimeEvidence;
  /** Per-group values, for a finding that compares groups. */
  groups?: EvidenceGroup[];
  /** The group comparable SKUs were formed by (inconsistency). */
  group?: string;
  /** SKUs named as examples (ids), or the most material ones beyond a bound (with their values). */
  skus?: string[] | { sku: string; value: number }[];
  /** SKUs beyond the bound but not named. */
  moreSkus?: number;
  /** Findings of the same kind not raised one by one (the cap of a segment). */
  more?: number;
  /** The segment a SKU finding belongs to. */
  segment?: string | undefined;
  reviewedOn?: string;
  /** Share of overrides that ordered more than recommended. */
  upShare?: number;
  streak?: number;
  segmentRate?: number;
  /** A check's rule leaves with the value each met. */
  leaves?: { fact: string; operator: string; value: unknown; actual: unknown }[];
  first?: PeriodCounts;
  last?: PeriodCounts;
  /** Excess capital in each third of the window. */
  excess?: number[];
  /** Stockout days in the first and last third. */
  stockoutDays?: [number, number];
  /** The segments of a reactive cut, with their span and test. */
  segments?: { segment: string; start: number; down: number; decisions: number; p: number }[];
  pinned?: string | undefined;
  /** The reference window segment membership was decided on (segment-migration). */
  membershipWindow?: Window;
  /** SKUs the evaluated window would assign elsewhere, and their share of the segment's capital. */
  movedSkus?: number;
  movedCapitalShare?: number;
  /** Where they would go (null: no segment), most SKUs first. */
  destinations?: { to: string | null; skus: number; capital: number }[];
  /** The rule facts whose result changed, with the SKUs each moved. */
  movedBy?: { fact: string; skus: number }[];
  behavesLike?: string[];
  impliedCapital?: number;
  impliedPortfolioCapital?: number;
  /** What each segment's targets imply in capital, for a portfolio conflict. */
  implied?: { name: string; capital: number }[];
  margin?: number;
  fitFillRate?: number | null;
  formulaFillRate?: number | null;
  replayFillRate?: number | null;
  days?: number;
  patterns?: Readonly<Record<string, number>>;
  /** The days a projection of stock looks ahead (after the window: forecasts, not outcomes). */
  horizon?: Window;
  /** SKUs projected to run out, most capital needed first. */
  projected?: ProjectedSku[];
  /** Stock (at unit cost) that would cover the projected shortfall. */
  capitalNeeded?: number;
  /** The share of a segment's expected demand over the days projected that its stock would serve. */
  projectedFillRate?: number;
  /** A supplier's exposure: its share of capital and the segments it serves. */
  supplier?: SupplierEvidence;
  /** Findings an exception's subject had, and of them waived (routine-exception). */
  findings?: number;
  waived?: number;
  /** The exceptions behind an exception finding, with their expiry and line. */
  exceptions?: { name: string; owner: string; expires: string; file: string; line: number }[];
  /** The exception's expiry, for an expired exception. */
  expires?: string;
}

/** One SKU of a projected-stockout finding. */
export interface ProjectedSku {
  sku: string;
  /** The first day some demand is projected to go unserved. */
  date: string;
  /** Share of the expected demand over the days projected that stock would serve. */
  fillRate: number;
  shortUnits: number;
  capital: number;
  /** Whether an order placed on the as-of date arrives (after its lead time) before that day. */
  orderInTime: boolean;
}

/** A supplier's exposure, for a supplier-concentration finding. */
export interface SupplierEvidence {
  capital: number;
  onOrder: number;
  capitalShare: number;
  revenue: number;
  segments: string[];
}

/** Expedites and orders in one third of the window. */
export interface PeriodCounts {
  expedited: number;
  orders: number;
  from: string | undefined;
  to: string | undefined;
}

/** The live exception a finding is waived by: who answers for it, until when, and where it is. */
export interface Waiver {
  exception: string;
  owner: string;
  approvedBy: string;
  expires: string;
  reason: string;
  source: SourcePosition;
}

export interface Finding {
  id: string;
  kind: FindingKind;
  severity: Severity;
  scope: FindingScope;
  subject: string;
  policy: string | null;
  policyVersion: number | null;
  metric: string | null;
  expected: Bounds | null;
  actual: number | string | null;
  evidence: Evidence;
  message: string;
  owner: string;
  source?: SourcePosition;
  status: FindingStatus;
  /** Runs in a row this finding has been present (1 when new). */
  runs?: number;
  /** Present when a live exception waives the finding: it is reported, and fails nothing. */
  waived?: Waiver;
}

/** The policy line a finding points at: the first of the pointers with a position in the file. */
export interface PolicyLine {
  in: { file: string; positions: Readonly<Record<string, SourcePosition>> };
  at: readonly string[];
}

/** What a detector says of a finding; `finding()` derives the rest. */
export interface FindingFields {
  kind: FindingKind;
  severity: Severity;
  scope: FindingScope;
  subject: string;
  /** The segment policy the finding is about: its name and version are the finding's `policy`. */
  policy?: LoadedPolicy<SegmentPolicy> | null | undefined;
  metric?: string | null;
  /** What tells the finding apart beyond kind, scope and subject when that is not the metric. */
  key?: string;
  expected?: Bounds | null;
  actual?: number | string | null;
  evidence: Evidence;
  message: string;
  owner: string;
  /** Where the finding points; none when no policy line is to blame. */
  line?: PolicyLine | undefined;
}

/**
 * Stable across runs for the same kind, scope, subject and metric.
 *
 * @example findingId("assumption-drift", "segment", "steady-core", "leadTimeDays")
 * // "assumption-drift:segment/steady-core:leadTimeDays"
 */
export function findingId(
  kind: FindingKind,
  scope: FindingScope,
  subject: string,
  metric?: string | null,
): string {
  return `${kind}:${scope}/${subject}${metric ? `:${metric}` : ""}`;
}

/**
 * The one way to make a finding: id, policy name and version, source line and status are
 * derived, so no detector restates them.
 *
 * @example
 * finding({ kind: "stale-review", severity: "warning", scope: "segment", subject: "trend",
 *           evidence: { n: 1 }, message: "…", owner: "ana" }).id // "stale-review:segment/trend"
 */
export function finding(f: FindingFields): Finding {
  const metric = f.metric ?? null;
  const meta = f.policy?.value.metadata;
  return {
    id: findingId(f.kind, f.scope, f.subject, f.key ?? metric),
    kind: f.kind,
    severity: f.severity,
    scope: f.scope,
    subject: f.subject,
    policy: meta?.name ?? null,
    policyVersion: meta?.version ?? null,
    metric,
    expected: f.expected ?? null,
    actual: f.actual ?? null,
    evidence: f.evidence,
    message: f.message,
    owner: f.owner,
    ...(f.line ? { source: sourceOf(f.line.in, ...f.line.at) } : {}),
    status: "new",
  };
}

/** The line of `pointers` in a policy (the first that has a position), for `finding({ line })`. */
export const lineOf = (policy: PolicyLine["in"], ...pointers: string[]): PolicyLine => ({
  in: policy,
  at: pointers,
});

const ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Errors first, then warnings, then info; then by id: a stable order for output and diffs. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) => ORDER[a.severity] - ORDER[b.severity] || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}
