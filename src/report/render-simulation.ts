/**
 * A simulation as a table (terminal), Markdown or JSON: per segment and for the portfolio, the
 * replayed fill rate, mean capital, stockout days and orders beside what the formula expects.
 */
import { formatValue, plural } from "../findings/metric-phrases.js";
import type { SimulatedTotals, Simulation } from "../governance/simulation.js";
import { escapeMarkdown as md, escapeText } from "./escape.js";
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

/** Segments whose targets ask for forecasts (or last year) that some SKUs lacked. */
const basisNotes = (s: Simulation): string[] =>
  s.segments
    .filter((x) => x.basis.fellBack > 0)
    .map(
      (x) =>
        `note: ${x.name} sizes its stock on ` +
        `${x.basis.asked === "forecast" ? "forecasts" : "last year's same weeks"}, ` +
        `which ${plural(x.basis.fellBack, "SKU")} of ${x.replayed} lack: those were planned on the trailing mean.`,
    );

const FRONTIER_HEADER = [
  "TARGET",
  "REPLAY FILL",
  "REPLAY CAPITAL",
  "CAPITAL A POINT",
  "MARGIN A UNIT OF CAPITAL",
];

/** Each segment's frontier: a row a fill-rate target, today's marked. */
function frontierLines(s: Simulation): string[] {
  if (!s.frontiers) return [];
  return s.frontiers.segments.flatMap((f) => [
    "",
    `frontier of ${f.name} (${plural(f.replayed, "SKU")}; economic fill rate ` +
      `${formatValue("fillRate", f.economicTarget)}):`,
    ...textTable(
      FRONTIER_HEADER,
      f.points.map((p) => [
        `${formatValue("fillRate", p.fillRateTarget)}${p.fillRateTarget === f.current ? " (today)" : ""}`,
        formatValue("fillRate", p.replay.fillRate),
        formatValue("capital", p.replay.capital, s.currency),
        p.capitalPerPoint === null ? "—" : formatValue("capital", p.capitalPerPoint, s.currency),
        p.marginPerCapital === null ? "—" : p.marginPerCapital.toFixed(2),
      ]),
      [1, 2, 3, 4],
    ).map((l) => `  ${l}`),
  ]);
}

export function renderSimulationTable(s: Simulation): string {
  const right = HEADER.map((_h, i) => i).slice(1); // every column but the segment's is a number
  const notes = [...s.findings.map((f) => `note: ${f.message}`), ...basisNotes(s)];
  const table = textTable(
    HEADER,
    rows(s).map((r) => r.map(escapeText)),
    right,
  );
  const out = [
    title(s),
    "",
    ...table,
    ...(notes.length ? ["", ...notes] : []),
    ...frontierLines(s),
  ];
  return `${out.map(escapeText).join("\n")}\n`;
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
  const notes = basisNotes(s);
  if (notes.length) out.push("", ...notes.map((n) => `- ${md(n.replace(/^note: /, ""))}`));
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
