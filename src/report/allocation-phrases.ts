/**
 * The report's "Where capital should sit" in words and cells, shared by the Markdown and HTML
 * renderers: the allocation table (today → proposed a segment), and each segment's frontier as
 * rows of targets. Plain text; each renderer escapes for its sink.
 */
import { formatValue } from "../findings/metric-phrases.js";
import type { SameCapitalAllocation } from "../governance/allocate.js";
import type { SegmentFrontier } from "../governance/frontier.js";
import type { Finding } from "../findings/finding.js";
import type { SupplierRow } from "../evaluate/supplier-exposure.js";

export const ALLOCATION_HEADER = [
  "segment",
  "target",
  "replayed capital",
  "replayed fill rate",
  "margin served",
  "return a unit of capital",
  "economic fill rate",
];

export const FRONTIER_HEADER = [
  "target",
  "replayed capital",
  "replayed fill rate",
  "formula fill rate",
  "capital a point of fill",
];

const arrow = (a: string, b: string): string => (a === b ? a : `${a} → ${b}`);

/** One row a segment and one for the portfolio: today → proposed. */
export function allocationRows(a: SameCapitalAllocation, currency: string): string[][] {
  const money = (x: number) => formatValue("capital", x, currency);
  const rate = (x: number | null) => formatValue("fillRate", x);
  const rows = a.allocation.segments.map((s) => [
    s.name,
    arrow(rate(s.current.target), rate(s.proposed.target)),
    arrow(money(s.current.capital), money(s.proposed.capital)),
    arrow(rate(s.current.fillRate), rate(s.proposed.fillRate)),
    arrow(money(s.current.margin), money(s.proposed.margin)),
    s.marginalReturn === null ? "—" : s.marginalReturn.toFixed(2),
    rate(s.economicTarget),
  ]);
  const { current: now, proposed: next } = a.allocation;
  rows.push([
    "portfolio",
    "",
    arrow(money(now.capital), money(next.capital)),
    arrow(rate(now.fillRate), rate(next.fillRate)),
    arrow(money(now.margin), money(next.margin)),
    "",
    "",
  ]);
  return rows;
}

/** A segment's frontier, a row a target, today's and the proposal's marked. */
export function frontierRows(
  s: SegmentFrontier,
  proposed: number | undefined,
  currency: string,
): string[][] {
  return s.points.map((p) => {
    const marks = [
      p.fillRateTarget === s.current ? "today" : "",
      p.fillRateTarget === proposed ? "proposed" : "",
    ]
      .filter(Boolean)
      .join(", ");
    return [
      `${formatValue("fillRate", p.fillRateTarget)}${marks ? ` (${marks})` : ""}`,
      formatValue("capital", p.replay.capital, currency),
      formatValue("fillRate", p.replay.fillRate),
      formatValue("fillRate", p.model.fillRate),
      p.capitalPerPoint === null ? "—" : formatValue("capital", p.capitalPerPoint, currency),
    ];
  });
}

/** What the section says before its table. */
export function allocationIntro(a: SameCapitalAllocation): string {
  return (
    `Every segment's policy replayed day by day over ${a.from} – ${a.to} at each fill-rate target: its ` +
    `capital–service frontier. The proposal is the targets that serve the most margin with the capital ` +
    `today's targets hold in that replay, keeping every segment's fill-rate minimum and capital share and ` +
    `the portfolio's fill rate; \`stockpolicy allocate\` prints it as a patch.`
  );
}

export function allocationOutcome(a: SameCapitalAllocation, currency: string): string {
  const money = (x: number) => formatValue("capital", x, currency);
  const { current: now, proposed: next, improved, unmet } = a.allocation;
  const kept = unmet.length === 0 ? "every bound kept" : `bounds not kept: ${unmet.join("; ")}`;
  return improved
    ? `Allocated this way: ${money(next.margin - now.margin)} more margin served ` +
        `(${money(now.margin)} → ${money(next.margin)}) with ${money(next.capital)} of capital ` +
        `(today ${money(now.capital)}); ${kept}.`
    : `Today's targets already serve the most margin these frontiers allow with their capital; ${kept}.`;
}

export const HOLDING_NOTE = (a: SameCapitalAllocation): string =>
  `Economic fill rate: the newsvendor ratio from the segment's median margin and a holding cost of ` +
  `${a.frontiers.holdingRate * 100}% a year` +
  `${a.frontiers.holdingRateDeclared ? "" : " (assumed; set economics.holdingCostRate in the RiskTolerance)"}.`;

export const PROJECTED_HEADER = [
  "segment",
  "SKU",
  "runs out on",
  "units short",
  "stock to cover it",
  "an order placed today",
];

/** Every SKU the projected-stockout findings name, by segment. */
export function projectedRows(findings: readonly Finding[], currency: string): string[][] {
  return findings
    .filter((f) => f.kind === "projected-stockout" && f.status !== "resolved")
    .flatMap((f) =>
      (f.evidence.projected ?? []).map((p) => [
        f.subject,
        p.sku,
        p.date,
        String(Math.round(p.shortUnits)),
        formatValue("capital", p.capital, currency),
        p.orderInTime ? "arrives in time" : "arrives too late",
      ]),
    );
}

export const SUPPLIER_HEADER = [
  "supplier",
  "SKUs",
  "capital",
  "on order",
  "share of capital",
  "revenue",
  "segments",
  "mean delay (95%)",
  "overdue orders",
];

/** A supplier's mean delay with its interval and n, in days. */
function delayText(r: SupplierRow): string {
  if (r.delayDays === null) return "no receipt";
  const i = r.delayInterval;
  const interval = i ? ` (${i[0].toFixed(1)} to ${i[1].toFixed(1)})` : "";
  return `${r.delayDays.toFixed(1)} days${interval}, n ${r.receipts}`;
}

export function supplierRows(rows: readonly SupplierRow[], currency: string): string[][] {
  const money = (x: number) => formatValue("capital", x, currency);
  return rows.map((r) => [
    r.supplier,
    String(r.skus),
    money(r.capital),
    money(r.onOrder),
    formatValue("capitalShare", r.capitalShare),
    money(r.revenue),
    r.segments.map((s) => `${s.name} (${s.skus})`).join(", "),
    delayText(r),
    String(r.overdue),
  ]);
}
