/**
 * How a metric reads in a sentence: its name, how its value is written, and what its n counts.
 *
 * @example formatValue("fillRate", 0.9534) // "95.3%"
 */
import type { MetricName } from "../vocabulary/metric-catalog.js";

type Unit = "rate" | "days" | "weeks" | "units" | "money" | "ratio" | "count" | "text";

const PHRASES: Partial<Record<MetricName, { label: string; unit: Unit; counts: string }>> = {
  demandMean: { label: "mean daily demand", unit: "units", counts: "SKUs" },
  demandStd: { label: "daily demand deviation", unit: "units", counts: "SKUs" },
  demandCv: { label: "weekly demand CV", unit: "ratio", counts: "SKUs" },
  adi: { label: "average inter-demand interval", unit: "days", counts: "SKUs" },
  cv2: { label: "CV² of demand sizes", unit: "ratio", counts: "SKUs" },
  plannedLeadTimeDays: { label: "planned lead time", unit: "days", counts: "SKUs" },
  leadTimeDays: { label: "lead time", unit: "days", counts: "orders placed" },
  leadTimeCv: { label: "lead-time CV", unit: "ratio", counts: "SKUs" },
  leadTimeDelayDays: {
    label: "delay against expected dates",
    unit: "days",
    counts: "receipts",
  },
  fillRate: { label: "fill rate", unit: "rate", counts: "SKU-days" },
  inStockRate: { label: "in-stock rate", unit: "rate", counts: "SKU-days" },
  stockoutDays: { label: "stockout days", unit: "count", counts: "SKU-days" },
  recoveryDays: { label: "time to recover from a stockout", unit: "days", counts: "stockouts" },
  onHandUnits: { label: "stock on hand", unit: "units", counts: "SKUs" },
  capital: { label: "capital in stock", unit: "money", counts: "SKUs" },
  coverWeeks: { label: "cover", unit: "weeks", counts: "SKUs" },
  excessCapital: { label: "excess capital", unit: "money", counts: "SKUs" },
  excessShare: { label: "excess share of capital", unit: "rate", counts: "SKUs" },
  capitalShare: { label: "share of capital", unit: "rate", counts: "SKUs" },
  overrideRate: { label: "override rate", unit: "rate", counts: "decisions" },
  overrideUpRate: { label: "upward override rate", unit: "rate", counts: "decisions" },
  overrideDownRate: { label: "downward override rate", unit: "rate", counts: "decisions" },
  forecastBias: { label: "forecast bias", unit: "rate", counts: "forecast days" },
  forecastError: { label: "forecast error", unit: "rate", counts: "forecast days" },
  expediteRate: { label: "expedite rate", unit: "rate", counts: "purchase orders" },
  unitCost: { label: "unit cost", unit: "money", counts: "SKUs" },
  unitPrice: { label: "unit price", unit: "money", counts: "SKUs" },
  margin: { label: "margin", unit: "rate", counts: "SKUs" },
  revenue: { label: "revenue", unit: "money", counts: "SKUs" },
};

export function metricLabel(metric: string): string {
  return PHRASES[metric as MetricName]?.label ?? metric;
}

export function metricCounts(metric: string): string {
  return PHRASES[metric as MetricName]?.counts ?? "observations";
}

const number = (x: number, digits: number): string =>
  x.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: 0 });

/** A value written for a planner: 95.3%, 84.1 days, 12.5 weeks, USD 12,345. */
export function formatValue(
  metric: string,
  value: number | string | null,
  currency = "USD",
): string {
  if (value === null) return "not measurable";
  if (typeof value === "string") return value;
  switch (PHRASES[metric as MetricName]?.unit) {
    case "rate":
      return `${number(value * 100, 1)}%`;
    case "days":
      return `${number(value, 1)} ${number(value, 1) === "1" ? "day" : "days"}`;
    case "weeks":
      return `${number(value, 1)} ${number(value, 1) === "1" ? "week" : "weeks"}`;
    case "money":
      return `${currency} ${number(value, 0)}`;
    case "count":
      return number(value, 0);
    case "units":
      return `${number(value, 1)} units`;
    default:
      return number(value, 2);
  }
}

/**
 * A count with its noun, plural unless one.
 *
 * @example plural(3, "segment") // "3 segments"
 */
export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;
