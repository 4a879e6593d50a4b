/**
 * An allocation as a table (terminal), Markdown, JSON or the patch alone: per segment, the
 * fill-rate target, replayed capital, fill rate and margin today and proposed, the marginal
 * return at the proposal and the economic reference; then the portfolio, the bounds, and the
 * patch that sets the targets.
 */
import { formatValue } from "../findings/metric-phrases.js";
import type {
  AllocatedSegment,
  AllocationChoice,
  AllocationRun,
  AllocationTotals,
} from "../governance/allocate.js";
import { VERSION } from "../version.js";
import { escapeMarkdown as md, escapeText, fencedBlock } from "./escape.js";
import { jsonFormat } from "./format.js";
import type { Formats } from "./format.js";
import { textTable } from "./text-table.js";

const HEADER = [
  "SEGMENT",
  "TARGET",
  "CAPITAL (REPLAY)",
  "FILL (REPLAY)",
  "MARGIN SERVED",
  "RETURN",
  "ECONOMIC",
];

const BUDGET_SOURCE = {
  budget: "--budget",
  "capital.max": "the RiskTolerance's portfolio capital.max",
  today: "the capital today's targets replay at",
} as const;

const arrow = (a: string, b: string): string => (a === b ? a : `${a} → ${b}`);

function cells(
  name: string,
  now: AllocationChoice | AllocationTotals,
  next: AllocationChoice | AllocationTotals,
  s: AllocatedSegment | undefined,
  currency: string,
): string[] {
  const money = (x: number): string => formatValue("capital", x, currency);
  const rate = (x: number | null): string => formatValue("fillRate", x);
  return [
    name,
    "target" in now && "target" in next ? arrow(rate(now.target), rate(next.target)) : "",
    arrow(money(now.capital), money(next.capital)),
    arrow(rate(now.fillRate), rate(next.fillRate)),
    arrow(money(now.margin), money(next.margin)),
    s?.marginalReturn === null || s === undefined ? "" : s.marginalReturn.toFixed(2),
    s ? rate(s.economicTarget) : "",
  ];
}

const rows = (r: AllocationRun): string[][] => [
  ...r.allocation.segments.map((s) => cells(s.name, s.current, s.proposed, s, r.currency)),
  cells("portfolio", r.allocation.current, r.allocation.proposed, undefined, r.currency),
];

function title(r: AllocationRun): string {
  const a = r.allocation;
  return (
    `stockpolicy allocate: the most ${a.objective === "margin" ? "margin served" : "demand served"} within ` +
    `${formatValue("capital", a.budget, r.currency)} (${BUDGET_SOURCE[r.budgetSource]}), every segment ` +
    `replayed at each target over ${r.from} – ${r.to}`
  );
}

/** What the proposal buys against today, in one sentence. */
export function allocationVerdict(r: AllocationRun): string {
  const { current: now, proposed: next, improved } = r.allocation;
  const money = (x: number): string => formatValue("capital", x, r.currency);
  if (!improved)
    return "Today's targets are already the best these frontiers allow within the budget.";
  const margin = next.margin - now.margin;
  return (
    `Allocated this way, ${money(next.capital)} of capital (today ${money(now.capital)}) would serve ` +
    `${margin >= 0 ? `${money(margin)} more` : `${money(-margin)} less`} margin over the period ` +
    `(${money(now.margin)} → ${money(next.margin)}), at a fill rate of ` +
    `${formatValue("fillRate", now.fillRate)} → ${formatValue("fillRate", next.fillRate)}.`
  );
}

const NOTES = [
  "RETURN: margin served more a unit of capital more, at the proposed target (from the target below it).",
  "ECONOMIC: the newsvendor fill rate from the segment's median margin and the holding-cost rate.",
];

function boundsLine(r: AllocationRun): string {
  return r.allocation.unmet.length === 0
    ? "Every bound is kept: segment fill-rate minimums, capital shares, the portfolio's fill rate, the budget."
    : `Bounds not kept: ${r.allocation.unmet.join("; ")}.`;
}

export function renderAllocationTable(r: AllocationRun): string {
  const table = textTable(
    HEADER,
    rows(r).map((row) => row.map(escapeText)),
    [2, 3, 4, 5, 6],
  );
  const assumed = r.frontiers.holdingRateDeclared
    ? ""
    : " (assumed: the RiskTolerance declares no economics.holdingCostRate)";
  const holding = `holding cost ${r.frontiers.holdingRate * 100}% a year${assumed}`;
  const out = [
    escapeText(title(r)),
    "",
    ...table,
    "",
    allocationVerdict(r),
    boundsLine(r),
    ...NOTES,
    `(${holding})`,
  ];
  if (r.patch)
    out.push("", "Patch (git apply):", "", ...r.patch.trimEnd().split("\n").map(escapeText));
  return `${out.join("\n")}\n`;
}

export function renderAllocationMarkdown(r: AllocationRun): string {
  const out = [
    `### ${md(title(r))}`,
    "",
    `| ${HEADER.map((h) => h.toLowerCase()).join(" | ")} |`,
    `|---|---|${HEADER.slice(2)
      .map(() => "---:")
      .join("|")}|`,
    ...rows(r).map((row) => `| ${row.map(md).join(" | ")} |`),
    "",
    md(allocationVerdict(r)),
    "",
    md(boundsLine(r)),
  ];
  if (r.patch) out.push("", fencedBlock(r.patch, "diff"));
  return `${out.join("\n")}\n`;
}

export const ALLOCATION_FORMATS: Formats<AllocationRun> = {
  table: {
    description: "aligned columns for a terminal, then the patch",
    render: renderAllocationTable,
  },
  json: jsonFormat("the allocation document, with every frontier", (r) => ({
    schemaVersion: 1,
    tool: { name: "stockpolicy", version: VERSION },
    ...r,
  })),
  markdown: {
    description: "Markdown, for a pull request or a report",
    render: renderAllocationMarkdown,
  },
  patch: {
    description: "only the unified diff that sets the proposed targets",
    render: (r) => r.patch,
  },
};
