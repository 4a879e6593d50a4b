/**
 * The attributes a RiskTolerance declares: extra skus.csv columns that rules may use, each
 * compared as text unless declared `{ name, type: number }`.
 *
 * @example attributeNames({ attributes: ["line", { name: "weight", type: "number" }] }) // ["line", "weight"]
 */
import type { RiskTolerance } from "../types.js";
import { DECIMAL } from "../vocabulary/decimal.js";
import { METRIC_NAMES } from "../vocabulary/metric-catalog.js";
import { SKU_COLUMNS } from "../vocabulary/sku-columns.js";

type Declared = Pick<RiskTolerance, "attributes">;

export function attributeNames(tolerance: Declared | undefined): string[] {
  return (tolerance?.attributes ?? []).map((a) => (typeof a === "string" ? a : a.name));
}

/** The attributes declared `type: number`. */
export function numberAttributes(tolerance: Declared | undefined): Set<string> {
  return new Set(
    (tolerance?.attributes ?? []).flatMap((a) =>
      typeof a !== "string" && a.type === "number" ? [a.name] : [],
    ),
  );
}

/**
 * A SKU's columns with its number attributes as numbers: a blank or a value that is not a
 * number has no value (null), so no comparison holds on it.
 */
export function typedColumns(
  columns: Readonly<Record<string, string | number | null>>,
  numbers: ReadonlySet<string>,
): Readonly<Record<string, string | number | null>> {
  if (numbers.size === 0) return columns;
  const typed: Record<string, string | number | null> = { ...columns };
  for (const name of numbers) {
    const v = columns[name];
    if (typeof v === "string") typed[name] = DECIMAL.test(v.trim()) ? Number(v) : null;
  }
  return typed;
}

/**
 * Every fact a rule, an exception or a policy test may name: the metrics, the skus.csv columns
 * of the contract and the attributes the RiskTolerance declares.
 */
export function knownFacts(tolerance: Declared | undefined): string[] {
  return [...new Set<string>([...METRIC_NAMES, ...SKU_COLUMNS, ...attributeNames(tolerance)])];
}
