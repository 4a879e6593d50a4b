/**
 * One renderer a format for an evaluation document; `--format` choices are this registry's keys.
 * Renderers only arrange what the document says: they compute nothing.
 */
import type { EvaluationDocument } from "../evaluate/evaluate.js";
import type { Finding } from "../findings/finding.js";
import { formatValue, metricLabel } from "../findings/metric-phrases.js";

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

const renderJson: EvaluationRenderer = (doc) => `${JSON.stringify(doc, null, 2)}\n`;

const renderTable: EvaluationRenderer = (doc) => {
  const rows = doc.findings.map((f) => [
    f.severity,
    f.kind,
    `${f.scope}/${f.subject}`,
    f.metric ?? "",
    f.metric && f.actual !== null ? formatValue(f.metric, f.actual) : String(f.actual ?? ""),
    bound(f),
    f.owner,
    status(f),
  ]);
  const header = ["SEVERITY", "KIND", "SUBJECT", "METRIC", "ACTUAL", "EXPECTED", "OWNER", "STATUS"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd();
  const { error, warning, info } = doc.summary.findings;
  return [
    `stockpolicy evaluation as of ${doc.asOf} (window ${doc.window.from} – ${doc.window.to}): ${error} errors, ${warning} warnings, ${info} info`,
    "",
    line(header),
    ...rows.map(line),
    "",
  ].join("\n");
};

const renderMarkdown: EvaluationRenderer = (doc) => {
  const { error, warning, info } = doc.summary.findings;
  const out = [
    `# Evaluation as of ${doc.asOf}`,
    "",
    `Window ${doc.window.from} – ${doc.window.to}: **${error} errors, ${warning} warnings, ${info} info**.`,
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
      `| ${s.name} | ${s.skus} | ${v("fillRate")} | ${v("capitalShare")} | ${v("excessShare")} | ${v("leadTimeDays")} |`,
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
      const where = f.source ? ` — \`${f.source.file}:${f.source.line}\`` : "";
      out.push(
        `- **${f.kind}** ${f.scope} \`${f.subject}\`${f.metric ? ` · ${metricLabel(f.metric)}` : ""} (${status(f)}, owner ${f.owner})${where}  `,
        `  ${f.message}`,
      );
    }
  }
  return `${out.join("\n")}\n`;
};

export const EVALUATION_RENDERERS: Readonly<
  Record<"json" | "table" | "markdown", EvaluationRenderer>
> = {
  json: renderJson,
  table: renderTable,
  markdown: renderMarkdown,
};
