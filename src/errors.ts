/**
 * Problem codes and the few error classes. Problems are data: stages return them, and only the
 * CLI turns them into exit codes.
 */
import type { SourcePosition } from "./types.js";

export type ProblemCode =
  // reading and YAML
  | "unreadable-file"
  | "missing-file"
  | "yaml-syntax"
  | "duplicate-key"
  | "unsafe-tag"
  | "alias-limit"
  | "empty-file"
  | "multiple-documents"
  // schema
  | "api-version"
  | "unknown-kind"
  | "missing-field"
  | "unknown-field"
  | "unknown-metric"
  | "wrong-type"
  | "out-of-range"
  | "invalid-value"
  | "invalid-date"
  // semantic rules
  | "min-above-max"
  | "target-outside-tolerance"
  | "unknown-fact"
  | "unknown-operator"
  | "bad-operand"
  | "duplicate-name"
  | "risk-tolerance-count"
  | "future-review"
  | "overlapping-segments"
  | "misplaced-kind"
  // against data (validate --data)
  | "unassigned-skus"
  | "unexpected-file";

export interface Problem extends SourcePosition {
  code: ProblemCode;
  /** One sentence: what was expected and what was found. */
  message: string;
}

/** `FILE:LINE:COLUMN: CODE: sentence`, the form every problem is printed in. */
export function formatProblem(p: Problem): string {
  return `${p.file}:${p.line}:${p.column}: ${p.code}: ${p.message}`;
}

/** Orders problems by file, then position, so output is stable. */
export function sortProblems(problems: readonly Problem[]): Problem[] {
  return [...problems].sort(
    (a, b) =>
      a.file.localeCompare(b.file) ||
      a.line - b.line ||
      a.column - b.column ||
      a.code.localeCompare(b.code),
  );
}

/** Bad flags or arguments: exit 2 with the message, no stack trace. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** Bad input files: exit 2 with every problem listed. */
export class ProblemsError extends Error {
  override readonly name = "ProblemsError";
  constructor(readonly problems: readonly Problem[]) {
    super(`${problems.length} problem(s)`);
  }
}
