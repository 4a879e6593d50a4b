/**
 * The CSV contract of CONTRACT §1 as data: each file's columns, types, ranges and key. The row
 * checker, the loader and the store's bulk writer all read it, so they cannot disagree.
 *
 * @example OUTCOME_FILES.find((f) => f.file === "daily.csv")?.key // ["date", "sku"]
 */

export type ColumnType =
  /** free text */
  | "text"
  /** a real calendar date YYYY-MM-DD */
  | "date"
  /** a finite decimal number */
  | "number"
  /** 0 or 1 */
  | "flag"
  /** one of `values` */
  | "enum";

export interface ColumnSpec {
  name: string;
  type: ColumnType;
  required: boolean;
  /** Lowest allowed value of a number. */
  min?: number;
  /** When true, `min` itself is not allowed (`> min`). */
  exclusiveMin?: boolean;
  values?: readonly string[];
  /** A date of something that has happened (a sale, a receipt, a decision): not after today. */
  happened?: boolean;
}

export type OutcomeTable =
  "skus" | "daily" | "purchase_orders" | "decisions" | "forecasts" | "events";

export interface FileSpec {
  file: string;
  table: OutcomeTable;
  required: boolean;
  /** Columns whose values are unique within a file; empty: the whole row is the key. */
  key: readonly string[];
  columns: readonly ColumnSpec[];
}

const text = (name: string, required = false): ColumnSpec => ({ name, type: "text", required });
const date = (name: string, required = false): ColumnSpec => ({ name, type: "date", required });
/** A date of what has happened: a row dated after today cannot be an outcome. */
const happened = (name: string, required = false): ColumnSpec => ({
  ...date(name, required),
  happened: true,
});
const qty = (name: string, required = false, positive = false): ColumnSpec => ({
  name,
  type: "number",
  required,
  min: 0,
  exclusiveMin: positive,
});
const flag = (name: string): ColumnSpec => ({ name, type: "flag", required: false });

export const EVENT_KINDS = [
  "expedite",
  "transfer",
  "manual_allocation",
  "rush_order",
  "other",
] as const;

/** In load order: skus.csv first, since every other file refers to its SKUs. */
export const OUTCOME_FILES: readonly FileSpec[] = [
  {
    file: "skus.csv",
    table: "skus",
    required: true,
    key: ["sku"],
    columns: [
      text("sku", true),
      qty("unit_cost", true),
      qty("lead_time_days", true, true),
      qty("unit_price"),
      text("supplier"),
      text("category"),
      text("name"),
      qty("moq"),
      qty("case_pack", false, true),
      text("segment"),
    ],
  },
  {
    file: "daily.csv",
    table: "daily",
    required: false,
    key: ["date", "sku"],
    columns: [
      happened("date", true),
      text("sku", true),
      qty("units_sold", true),
      qty("on_hand"),
      flag("stockout"),
      qty("lost_units"),
    ],
  },
  {
    file: "purchase_orders.csv",
    table: "purchase_orders",
    required: false,
    key: ["po", "sku"],
    columns: [
      text("po", true),
      text("sku", true),
      happened("ordered_on", true),
      qty("qty", true, true),
      date("expected_on"),
      happened("received_on"),
      qty("received_qty"),
      flag("expedited"),
      text("supplier"),
    ],
  },
  {
    file: "decisions.csv",
    table: "decisions",
    required: false,
    key: ["date", "sku"],
    columns: [
      happened("date", true),
      text("sku", true),
      qty("recommended_qty", true),
      qty("ordered_qty", true),
      text("planner"),
      text("reason"),
      text("policy_version"),
    ],
  },
  {
    file: "forecasts.csv",
    table: "forecasts",
    required: false,
    key: ["date", "sku"],
    columns: [date("date", true), text("sku", true), qty("forecast_units", true)],
  },
  {
    file: "events.csv",
    table: "events",
    required: false,
    key: [],
    columns: [
      happened("date", true),
      { name: "kind", type: "enum", required: true, values: EVENT_KINDS },
      text("sku"),
      { name: "cost", type: "number", required: false },
      text("note"),
    ],
  },
];
