/** `validate`'s formats: every problem at its file, line and column, or the policies found valid. */
import { plural } from "../findings/metric-phrases.js";
import { formatProblem } from "../errors.js";
import type { Problem } from "../errors.js";
import type { PolicySet } from "../types.js";
import { policySummary } from "../policy/policy-summary.js";
import { escapeText } from "./escape.js";
import type { Formats, Rendered } from "./format.js";
import { renderJsonText } from "./format.js";

export interface ValidationResult {
  /** The policy folder, as given. */
  dir: string;
  /** The policies, when they loaded. */
  policies: PolicySet | undefined;
  problems: Problem[];
}

function renderText(v: ValidationResult): Rendered {
  if (!v.policies || v.problems.length > 0) {
    const files = new Set(v.problems.map((p) => p.file)).size;
    // One problem, one line: whatever in it would break the line is escaped.
    const lines = v.problems.map((p) => escapeText(formatProblem(p)));
    return {
      stdout: "",
      stderr: `${[...lines, `${plural(v.problems.length, "problem")} in ${plural(files, "file")}`].join("\n")}\n`,
    };
  }
  const p = v.policies;
  return (
    `${escapeText(v.dir)}: valid — 1 risk tolerance, ${plural(p.segments.length, "segment")}, ` +
    `${plural(p.checks.length, "check")}` +
    `${p.exceptions.length > 0 ? `, ${plural(p.exceptions.length, "exception")}` : ""}\n`
  );
}

function jsonShape(v: ValidationResult): unknown {
  const summary = v.policies
    ? {
        tolerance: v.policies.tolerance.value.metadata.name,
        segments: v.policies.segments.map(policySummary),
        checks: v.policies.checks.map(policySummary),
      }
    : null;
  return { valid: v.problems.length === 0, policies: summary, problems: v.problems };
}

export const VALIDATION_FORMATS: Formats<ValidationResult> = {
  text: {
    description: "problems as FILE:LINE:COLUMN: code: message, or one line when valid",
    render: renderText,
  },
  json: {
    description: "{ valid, policies, problems }",
    render: (v) => renderJsonText(jsonShape(v)),
  },
};

/** validate's exit code: 0 valid, 2 with any problem. */
export const validationExitCode = (v: ValidationResult): number =>
  v.policies && v.problems.length === 0 ? 0 : 2;
