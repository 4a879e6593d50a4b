/**
 * The exit code of `check`, a pure function of the findings: 1 when any finding still open and
 * not waived by a live exception is at or above `failOn` (and, with a baseline, not already in
 * it), else 0.
 *
 * @example failing(findings, "error", new Set()) // the findings that make `check` exit 1
 */
import type { Severity } from "../types.js";
import type { Finding } from "./finding.js";

export type FailOn = "error" | "warning";

const RANK: Record<Severity, number> = { error: 2, warning: 1, info: 0 };

export function failing(
  findings: readonly Finding[],
  failOn: FailOn,
  baseline: ReadonlySet<string> = new Set(),
): Finding[] {
  return findings.filter(
    (f) =>
      f.status !== "resolved" &&
      f.waived === undefined &&
      RANK[f.severity] >= RANK[failOn] &&
      !baseline.has(f.id),
  );
}

export function exitCodeFor(
  findings: readonly Finding[],
  failOn: FailOn,
  baseline?: ReadonlySet<string>,
): 0 | 1 {
  return failing(findings, failOn, baseline).length > 0 ? 1 : 0;
}
