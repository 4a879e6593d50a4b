/**
 * Exposure by supplier (skus.csv's `supplier` column), across segments: the capital its SKUs
 * hold and have on order, their revenue, its share of the portfolio's capital, the segments it
 * serves, and how late it delivers — receipts in the window against their expected dates (mean
 * delay with its 95% interval) and orders overdue at the as-of date. A congestion is one row
 * here, naming every segment it hits, however many segment findings it causes. Pure.
 */
import type { SegmentedPortfolio } from "./segment-portfolio.js";
import type { SkuEvaluation } from "../metrics/sku-metrics.js";
import { meanInterval } from "../stats/stats.js";
import { pushTo } from "../collections.js";
import { round } from "./evaluate.js";

export interface SupplierRow {
  supplier: string;
  skus: number;
  capital: number;
  /** Open orders at unit cost. */
  onOrder: number;
  capitalShare: number;
  revenue: number;
  /** Segments served, with their SKUs from this supplier, most first. */
  segments: { name: string; skus: number }[];
  /** Receipts in the window with an expected date, and their mean delay in days (95% interval). */
  receipts: number;
  delayDays: number | null;
  delayInterval: [number, number] | null;
  /** Open orders past their expected date at the as-of date. */
  overdue: number;
}

/** Where a SKU without a supplier is counted. */
export const NO_SUPPLIER = "(no supplier)";

const num = (v: unknown): number => (typeof v === "number" ? v : 0);

const supplierOf = (s: SkuEvaluation): string => {
  const v = s.columns.supplier;
  return typeof v === "string" && v !== "" ? v : NO_SUPPLIER;
};

/** One row a supplier, most capital first (capital held and on order). */
export function supplierExposure(portfolio: SegmentedPortfolio): SupplierRow[] {
  const segmentOf = new Map<string, string>();
  for (const seg of portfolio.segments) for (const s of seg.skus) segmentOf.set(s.sku, seg.name);
  const groups = new Map<string, SkuEvaluation[]>();
  for (const s of portfolio.skus) pushTo(groups, supplierOf(s), s);
  const total = portfolio.skus.reduce((t, s) => t + num(s.metrics.capital?.value), 0);
  const rows = [...groups].map(([supplier, skus]): SupplierRow => {
    const capital = skus.reduce((t, s) => t + num(s.metrics.capital?.value), 0);
    const onOrder = skus.reduce(
      (t, s) => t + s.samples.openOrders.reduce((u, o) => u + o.qty, 0) * s.samples.unitCost,
      0,
    );
    const counts = new Map<string, number>();
    for (const s of skus) {
      const name = segmentOf.get(s.sku) ?? "(unassigned)";
      counts.set(name, (counts.get(name) ?? 0) + 1);
    }
    const delays = skus.flatMap((s) => s.samples.delays);
    const delay = meanInterval(delays);
    const overdue = skus.reduce((t, s) => {
      const asOf = s.samples.firstDay + s.samples.days - 1;
      return t + s.samples.openOrders.filter((o) => o.dueDay < asOf).length;
    }, 0);
    return {
      supplier,
      skus: skus.length,
      capital: round(capital),
      onOrder: round(onOrder),
      capitalShare: total > 0 ? round(capital / total) : 0,
      revenue: round(skus.reduce((t, s) => t + num(s.metrics.revenue?.value), 0)),
      segments: [...counts]
        .map(([name, n]) => ({ name, skus: n }))
        .sort((a, b) => b.skus - a.skus || (a.name < b.name ? -1 : 1)),
      receipts: delays.length,
      delayDays: delay ? round(delay.value) : null,
      delayInterval: delay?.interval ? [round(delay.interval[0]), round(delay.interval[1])] : null,
      overdue,
    };
  });
  return rows.sort(
    (a, b) => b.capital + b.onOrder - (a.capital + a.onOrder) || (a.supplier < b.supplier ? -1 : 1),
  );
}
