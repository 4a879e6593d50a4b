/**
 * A simulation as a table (terminal), Markdown or JSON: per segment and for the portfolio, the
 * replayed fill rate, mean capital, stockout days and orders beside what the formula expects.
 */
import { formatValue } from "../findings/metric-phrases.js";
import type { SimulatedTotals, Simulation } from "../governance/simulation.js";
import { escapeMarkdown as md } from "./escape.js";
import { jsonFormat } from "./format.js";
import type { Formats } from "./format.js";
import { textTable } from "./text-table.js";

const HEADER = [
  "SEGMENT",
  "SKUS",
  "TARGET",
  "FORMULA FILL",
  "REPLAY FILL",
  "FORMULA CAPITAL",
  "REPLAY CAPITAL",
  "STOCKOUT DAYS",
  "ORDERS",
];

function cells(
  name: string,
  t: SimulatedTotals,
  target: number | null,
  currency: string,
): string[] {
  return [
    name,
    `${t.replayed}/${t.skus}`,
    target === null ? "run down" : formatValue("fillRate", target),
    formatValue("fillRate", t.formula.fillRate),
    formatValue("fillRate", t.fillRate),
    formatValue("capital", t.formula.capital, currency),
    formatValue("capital", t.meanCapital, currency),
    t.stockoutDays.toLocaleString("en-US"),
    t.orders.toLocaleString("en-US"),
  ];
}

const rows = (s: Simulation): string[][] => [
  ...s.segments.map((x) => cells(x.name, x, x.targets?.fillRate ?? null, s.currency)),
  cells("portfolio", s.portfolio, null, s.currency).map((c, i) => (i === 2 ? "" : c)),
];

function title(s: Simulation): string {
  return (
    `stockpolicy replay ${s.from} – ${s.to} (${s.days} days): each segment's (R, S) policy over the actual ` +
    `demand and lead times`
  );
}

export function renderSimulationTable(s: Simulation): string {
  const right = HEADER.map((_h, i) => i).slice(1); // every column but the segment's is a number
  const notes = s.findings.map((f) => `note: ${f.message}`);
  const table = textTable(HEADER, rows(s), right);
  return `${[title(s), "", ...table, ...(notes.length ? ["", ...notes] : [])].join("\n")}\n`;
}

export function renderSimulationMarkdown(s: Simulation): string {
  const out = [
    `### ${md(title(s))}`,
    "",
    `| ${HEADER.map((h) => h.toLowerCase()).join(" | ")} |`,
    `|---|${HEADER.slice(1)
      .map(() => "---:")
      .join("|")}|`,
    ...rows(s).map((r) => `| ${r.map(md).join(" | ")} |`),
  ];
  if (s.findings.length) out.push("", ...s.findings.map((f) => `- ${md(f.message)}`));
  return `${out.join("\n")}\n`;
}

export const SIMULATION_FORMATS: Formats<Simulation> = {
  table: { description: "aligned columns for a terminal", render: renderSimulationTable },
  json: jsonFormat("the simulation document"),
  markdown: {
    description: "Markdown, for a pull request or a report",
    render: renderSimulationMarkdown,
  },
};
