/**
 * `check`'s formats: the evaluation (as a table, Markdown, GitHub annotations or JSON) followed
 * by the verdict line that says which findings fail and the exit code they give.
 */
import { plural } from "../findings/metric-phrases.js";
import type { EvaluationDocument } from "../evaluate/evaluate.js";
import type { Finding } from "../findings/finding.js";
import type { FailOn } from "../findings/exit-code.js";
import type { Formats } from "./format.js";
import { renderJsonText } from "./format.js";
import { renderEvaluationMarkdown, renderEvaluationTable } from "./render-evaluation.js";
import { renderAnnotations } from "./render-github.js";
import { renderJunit } from "./render-junit.js";
import { renderSarif } from "./render-sarif.js";

/** What `check` decided. */
export interface CheckOutcome {
  document: EvaluationDocument;
  /** The RiskTolerance file, where a finding with no line of its own is shown. */
  toleranceFile: string;
  failOn: FailOn;
  /** The --baseline file, and the finding ids it holds. */
  baseline: { file: string; ids: ReadonlySet<string> } | undefined;
  failing: readonly Finding[];
  exitCode: number;
}

export function renderCheckVerdict(c: CheckOutcome): string {
  const n = c.failing.length;
  return (
    `check: ${plural(n, "finding")} at or above ${c.failOn}` +
    `${c.baseline ? " not in the baseline" : ""} → exit ${c.exitCode}\n`
  );
}

const withVerdict = (text: string, c: CheckOutcome): string => `${text}\n${renderCheckVerdict(c)}`;

/** Annotations for the findings that are new against the baseline (all of them without one). */
function renderGithub(c: CheckOutcome): string {
  const ids = c.baseline?.ids;
  const annotated = ids ? c.document.findings.filter((f) => !ids.has(f.id)) : c.document.findings;
  return `${renderAnnotations(annotated)}${renderCheckVerdict(c)}`;
}

export const CHECK_FORMATS: Formats<CheckOutcome> = {
  text: {
    description: "the findings as a table, then the verdict",
    render: (c) => withVerdict(renderEvaluationTable(c.document), c),
  },
  github: {
    description: "GitHub annotations on the policy lines; Markdown to $GITHUB_STEP_SUMMARY",
    render: renderGithub,
    annotations: true,
    summary: (c) => withVerdict(renderEvaluationMarkdown(c.document), c),
  },
  json: {
    description: "the evaluation document with the check's verdict",
    render: (c) =>
      renderJsonText({
        ...c.document,
        check: {
          failOn: c.failOn,
          baseline: c.baseline?.file ?? null,
          failing: c.failing.map((f) => f.id),
          exitCode: c.exitCode,
        },
      }),
  },
  markdown: {
    description: "Markdown, then the verdict",
    render: (c) => withVerdict(renderEvaluationMarkdown(c.document), c),
  },
  sarif: {
    description: "SARIF 2.1.0 for code scanning (GitHub, and most static-analysis viewers)",
    render: renderSarif,
  },
  junit: {
    description: "JUnit XML, a test case a policy (GitLab, Jenkins and most CI servers)",
    render: renderJunit,
  },
};
