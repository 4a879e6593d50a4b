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
      status(f),
    ].map(escapeText),
  );
  const header = ["SEVERITY", "KIND", "SUBJECT", "METRIC", "ACTUAL", "EXPECTED", "OWNER", "STATUS"];
  const { error, warning, info } = doc.summary.findings;
  return [
    `stockpolicy evaluation as of ${doc.asOf} (window ${doc.window.from} – ${doc.window.to}): ` +
      `${plural(error, "error")}, ${plural(warning, "warning")}, ${info} info`,
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
  const { error, warning, info } = doc.summary.findings;
  const out = [
    `# Evaluation as of ${doc.asOf}`,
    "",
    `Window ${doc.window.from} – ${doc.window.to}: **${plural(error, "error")}, ${plural(warning, "warning")}, ` +
      `${info} info**.`,
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
  for (const severity of ["error", "warning", "info"] as const) {
    const list = doc.findings.filter((f) => f.severity === severity);
    if (list.length === 0) continue;
    out.push(
      "",
      `## ${severity === "error" ? "Errors" : severity === "warning" ? "Warnings" : "Info"}`,
      "",
    );
    for (const f of list) {
      const where = f.source ? ` — ${mdCode(`${f.source.file}:${f.source.line}`)}` : "";
      out.push(
        `- **${f.kind}** ${f.scope === f.subject ? "" : `${f.scope} `}${mdCode(f.subject)}` +
          `${f.metric ? ` · ${metricLabel(f.metric)}` : ""} ` +
          `(${status(f)}, owner ${md(f.owner)})${where}  `,
        `  ${md(f.message)}`,
      );
    }
  }
  return `${out.join("\n")}\n`;
};

export const EVALUATION_FORMATS: Formats<EvaluationDocument> = {
  table: { description: "aligned columns for a terminal", render: renderEvaluationTable },
  json: jsonFormat("the evaluation document (schemas/evaluation.schema.json)"),
  markdown: {
    description: "Markdown, for a pull request or a job summary",
    render: renderEvaluationMarkdown,
  },
};
