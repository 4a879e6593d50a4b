/**
 * `profile`'s formats: a table to read (what each file covers, which metrics the data supports
 * and why not, the most material SKUs), CSV with every SKU's every metric and its n (text cells
 * made inert for spreadsheets), and JSON with the evidence in full.
 */
import type { DataProfile, SkuProfile } from "../governance/data-profile.js";
import { formatValue } from "../findings/metric-phrases.js";
import { csvLine } from "../outcomes/csv-format.js";
import { escapeText } from "./escape.js";
import type { Formats } from "./format.js";
import { jsonFormat } from "./format.js";
import { textTable } from "./text-table.js";

/** SKUs the table lists; CSV and JSON list every one. */
export const TABLE_SKUS = 20;

const TABLE_METRICS = [
  "demandMean",
  "demandCv",
  "demandPattern",
  "fillRate",
  "leadTimeDays",
  "capital",
  "coverWeeks",
  "abcClass",
] as const;

const count = (n: number): string => n.toLocaleString("en-US");
const percent = (x: number): string => `${Math.round(x * 100)}%`;

function filesTable(p: DataProfile): string[] {
  return textTable(
    ["FILE", "ROWS", "SKUS", "DATES", "OPTIONAL COLUMNS FILLED"],
    p.files.map((f) => [
      f.file,
      count(f.rows),
      count(f.skus),
      f.from && f.to ? `${f.from} – ${f.to}` : "",
      f.columns.map((c) => `${c.name} ${percent(c.share)}`).join(", "),
    ]),
    [1, 2],
  );
}

function metricsTable(p: DataProfile): string[] {
  return textTable(
    ["METRIC", "MEASURABLE", "WHY NOT (SKUS)"],
    p.metrics.map((m) => [
      m.metric,
      `${count(m.measurable)} of ${count(m.skus)}`,
      escapeText(m.reasons.map((r) => `${r.reason} (${count(r.skus)})`).join("; ")),
    ]),
  );
}

const capitalOf = (s: SkuProfile): number =>
  typeof s.metrics.capital?.value === "number" ? s.metrics.capital.value : -1;

function skusTable(p: DataProfile): string[] {
  const top = [...p.skus]
    .sort((a, b) => capitalOf(b) - capitalOf(a) || (a.sku < b.sku ? -1 : 1))
    .slice(0, TABLE_SKUS);
  const rows = top.map((s) => [
    escapeText(s.sku),
    ...TABLE_METRICS.map((m) => {
      const v = s.metrics[m];
      return v && v.value !== null ? formatValue(m, v.value) : "—";
    }),
  ]);
  return textTable(["SKU", ...TABLE_METRICS], rows, [1, 2, 4, 5, 6, 7]);
}

function renderTable(p: DataProfile): string {
  const more = p.skus.length - Math.min(p.skus.length, TABLE_SKUS);
  return [
    `stockpolicy profile as of ${p.asOf} (window ${p.window.from} – ${p.window.to}): ${count(p.skus.length)} SKUs`,
    ...(p.windowAsked
      ? [`the data starts on ${p.window.from}, after the ${p.windowAsked.from} asked for`]
      : []),
    "",
    ...filesTable(p),
    "",
    ...metricsTable(p),
    "",
    `The ${Math.min(p.skus.length, TABLE_SKUS)} SKUs holding the most capital:`,
    ...skusTable(p),
    ...(more > 0 ? [`… and ${count(more)} more: --format csv or json lists every SKU`] : []),
    "",
  ].join("\n");
}

/** A text cell a spreadsheet would read as a formula (=, +, -, @, tab, CR) gets a leading quote. */
const inert = (text: string): string => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);

function renderCsv(p: DataProfile): string {
  const metrics = p.metrics.map((m) => m.metric);
  const header = ["sku", ...metrics.flatMap((m) => [m, `${m}_n`])];
  const lines = [csvLine(header)];
  for (const s of p.skus) {
    const cells = metrics.flatMap((m) => {
      const v = s.metrics[m];
      if (!v) return [null, null];
      return [typeof v.value === "string" ? inert(v.value) : v.value, v.n];
    });
    lines.push(csvLine([inert(s.sku), ...cells]));
  }
  return lines.join("");
}

export const PROFILE_FORMATS: Formats<DataProfile> = {
  table: {
    description: "what each file covers, what the data supports, the top SKUs",
    render: renderTable,
  },
  csv: { description: "every SKU's every metric and its n, one row a SKU", render: renderCsv },
  json: jsonFormat("the profile with every metric's evidence"),
};
