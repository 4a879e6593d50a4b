/**
 * The evaluation document's formats (`evaluate --format`): a terminal table, JSON, Markdown.
 * Every user string is escaped for its sink (escape.ts).
 */
import type { EvaluationDocument } from "../evaluate/evaluate.js";
import type { Finding } from "../findings/finding.js";
import { formatValue, metricLabel, plural } from "../findings/metric-phrases.js";
import { escapeMarkdown as md, escapeMarkdownCode as mdCode, escapeText } from "./escape.js";
import { jsonFormat } from "./format.js";
import type { Formats } from "./format.js";
import { textTable } from "./text-table.js";

export type EvaluationRenderer = (doc: EvaluationDocument) => string;

const bound = (f: Finding): string => {
  if (!f.expected || !f.metric) return "";
  const parts = [
    f.expected.min !== undefined ? `≥ ${formatValue(f.metric, f.expected.min)}` : "",
    f.expected.max !== undefined ? `≤ ${formatValue(f.metric, f.expected.max)}` : "",
  ].filter(Boolean);
  return parts.join(" and ");
};

const status = (f: Finding): string =>
  f.status === "persisting" ? `persisting (${f.runs ?? 2} runs)` : f.status;

/** The status column: the status, and the exception that waives the finding. */
const statusWithWaiver = (f: Finding): string =>
  f.waived ? `${status(f)}, waived by ${f.waived.exception} until ${f.waived.expires}` : status(f);

/** "5 errors, 10 warnings, 3 info", and ", 2 waived" when some are. */
function counts(doc: EvaluationDocument): string {
  const { error, warning, info } = doc.summary.findings;
  const waived = doc.summary.waived ? `, ${doc.summary.waived} waived` : "";
  return `${plural(error, "error")}, ${plural(warning, "warning")}, ${info} info${waived}`;
}

export const renderEvaluationTable: EvaluationRenderer = (doc) => {
  const rows = doc.findings.map((f) =>
    [
      f.severity,
      f.kind,
      `${f.scope}/${f.subject}`,
      f.metric ?? "",
      // an insufficient-data finding's actual counts what could not be measured, not the metric
      f.metric && f.actual !== null && f.kind !== "insufficient-data"
        ? formatValue(f.metric, f.actual)
        : String(f.actual ?? ""),
      bound(f),
      f.owner,
      statusWithWaiver(f),
    ].map(escapeText),
  );
  const header = ["SEVERITY", "KIND", "SUBJECT", "METRIC", "ACTUAL", "EXPECTED", "OWNER", "STATUS"];
  return [
    `stockpolicy evaluation as of ${doc.asOf} (window ${doc.window.from} – ${doc.window.to}): ` +
      counts(doc),
    ...(doc.windowAsked ? [clippedText(doc)] : []),
    membershipText(doc),
    "",
    ...textTable(header, rows),
    "",
  ].join("\n");
};

/** "The window asked for began 2026-06-03, before the data's first day: …" */
export function clippedText(doc: Pick<EvaluationDocument, "window" | "windowAsked">): string {
  return (
    `The window asked for began ${doc.windowAsked?.from ?? ""}, before the first day of daily data: ` +
    `it starts on ${doc.window.from}, and tests the shorter span cannot support report insufficient data.`
  );
}

/** Which window segment membership was decided on, in a sentence. */
export function membershipText(doc: Pick<EvaluationDocument, "membershipWindow">): string {
  const m = doc.membershipWindow;
  return m
    ? `SKUs are held in the segments they were assigned on ${m.from} – ${m.to}, the window before; ` +
        "segment-migration findings name those the window's own metrics would move."
    : "SKUs are assigned to segments on this window: the data holds too little before it for a reference.";
}

export const renderEvaluationMarkdown: EvaluationRenderer = (doc) => {
  const out = [
    `# Evaluation as of ${doc.asOf}`,
    "",
    `Window ${doc.window.from} – ${doc.window.to}: **${counts(doc)}**.`,
    "",
    ...(doc.windowAsked ? [clippedText(doc), ""] : []),
    membershipText(doc),
    "",
  ];
  out.push(
    "## Segments",
    "",
    "| segment | SKUs | fill rate | capital share | excess share | lead time |",
    "|---|---:|---:|---:|---:|---:|",
  );
  for (const s of doc.segments) {
    const v = (m: string): string => formatValue(m, s.metrics[m] ?? null);
    out.push(
      `| ${md(s.name)} | ${s.skus} | ${v("fillRate")} | ${v("capitalShare")} ` +
        `| ${v("excessShare")} | ${v("leadTimeDays")} |`,
    );
  }
  const sections = [
    ["Errors", (f: Finding) => !f.waived && f.severity === "error"],
    ["Warnings", (f: Finding) => !f.waived && f.severity === "warning"],
    ["Info", (f: Finding) => !f.waived && f.severity === "info"],
    ["Waived", (f: Finding) => f.waived !== undefined],
  ] as const;
  for (const [title, holds] of sections) {
    const list = doc.findings.filter(holds);
    if (list.length === 0) continue;
    out.push("", `## ${title}`, "");
    for (const f of list) out.push(...findingMarkdown(f));
  }
  return `${out.join("\n")}\n`;
};

/** A finding as a Markdown list item: what, where, and (waived) by which exception. */
function findingMarkdown(f: Finding): string[] {
  const where = f.source ? ` — ${mdCode(`${f.source.file}:${f.source.line}`)}` : "";
  const w = f.waived;
  return [
    `- **${f.kind}** ${f.scope === f.subject ? "" : `${f.scope} `}${mdCode(f.subject)}` +
      `${f.metric ? ` · ${metricLabel(f.metric)}` : ""} ` +
      `(${w ? `${f.severity}, ` : ""}${status(f)}, owner ${md(f.owner)})${where}  `,
    `  ${md(f.message)}${w ? "  " : ""}`,
    ...(w
      ? [
          `  Waived by ${mdCode(w.exception)} (${mdCode(`${w.source.file}:${w.source.line}`)}) until ` +
            `${w.expires}, approved by ${md(w.approvedBy)}: ${md(w.reason)}`,
        ]
      : []),
  ];
}

export const EVALUATION_FORMATS: Formats<EvaluationDocument> = {
  table: { description: "aligned columns for a terminal", render: renderEvaluationTable },
  json: jsonFormat("the evaluation document (schemas/evaluation.schema.json)"),
  markdown: {
    description: "Markdown, for a pull request or a job summary",
    render: renderEvaluationMarkdown,
  },
};
