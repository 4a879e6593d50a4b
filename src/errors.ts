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
  | "too-deep"
  | "too-large"
  | "not-a-regular-file"
  | "not-utf8"
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
  | "future-approval"
  | "exception-too-long"
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

/**
 * The store could not be reached, or the connection to it was lost mid-run: exit 69 (the
 * service is unavailable), never 1 (`check`'s "findings fail") nor a stack trace. Nothing of the
 * run was stored.
 */
export class StoreUnavailableError extends Error {
  override readonly name = "StoreUnavailableError";
}

/** Error codes of a PostgreSQL connection refused, reset or shut down (node and SQLSTATE 08, 57P). */
export function isConnectionFailure(e: unknown): boolean {
  const { code, message } = (e ?? {}) as { code?: unknown; message?: unknown };
  // pg's own: a server that closes the socket gives a message and no code
  if (
    typeof message === "string" &&
    /^Connection terminated|server closed the connection/i.test(message)
  )
    return true;
  if (typeof code !== "string") return false;
  return (
    ["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "EHOSTUNREACH", "ENOTFOUND"].includes(
      code,
    ) || /^(08|57P)/.test(code)
  );
}

/** Bad input files: exit 2 with every problem listed. */
export class ProblemsError extends Error {
  override readonly name = "ProblemsError";
  constructor(readonly problems: readonly Problem[]) {
    super(`${problems.length} problem(s)`);
  }
}

/**
 * Why a run could not go on, as data: the stages and runners say what happened, the CLI words
 * it with the flags that would change it (cli/word-run-failure.ts).
 */
export type RunFailure =
  | { code: "no-daily-data"; needed: "an as-of date" | "simulating" | "reporting" }
  | { code: "period-reversed"; from: string; to: string }
  | { code: "period-outside-data"; from: string; to: string; first: string; last: string }
  | { code: "month-invalid"; month: string }
  | { code: "as-of-outside-data"; asOf: string; first: string; last: string }
  | { code: "month-outside-data"; month: string; first: string; last: string }
  | { code: "data-did-not-load"; dir: string; problems: string[] }
  | { code: "not-a-revision"; ref: string }
  | { code: "unknown-revision"; ref: string; repository: string }
  | { code: "not-a-repository"; ref: string; dir: string }
  | { code: "policies-outside-repository"; dir: string; repository: string }
  | { code: "no-tolerance-at-revision"; ref: string; file: string }
  | { code: "baseline-unreadable"; file: string; found: string }
  | { code: "baseline-without-findings"; file: string }
  | { code: "out-not-a-folder"; out: string };

export class RunError extends Error {
  override readonly name = "RunError";
  constructor(readonly failure: RunFailure) {
    super(failure.code);
  }
}
