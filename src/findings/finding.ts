/** A finding as CONTRACT §4 prints it. */
import type { Bounds, Severity, SourcePosition } from "../types.js";
import type { FindingKind, FindingScope, FindingStatus } from "./kinds.js";

export interface Evidence {
  /** Observations the value rests on. */
  n: number;
  /** 95% interval of the value, when one can be given. */
  interval?: [number, number] | null;
  /** SKUs pooled, for a pooled value. */
  clusters?: number;
  window?: { from: string; to: string };
  [more: string]: unknown;
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
}

/**
 * Stable across runs for the same kind, scope, subject and metric.
 *
 * @example findingId("assumption-drift", "segment", "steady-core", "leadTimeDays") // "assumption-drift:segment/steady-core:leadTimeDays"
 */
export function findingId(
  kind: FindingKind,
  scope: FindingScope,
  subject: string,
  metric?: string | null,
): string {
  return `${kind}:${scope}/${subject}${metric ? `:${metric}` : ""}`;
}

const ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Errors first, then warnings, then info; then by id: a stable order for output and diffs. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) => ORDER[a.severity] - ORDER[b.severity] || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}
