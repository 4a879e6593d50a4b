/**
 * The columns of `skus.csv` that CONTRACT §1 names. Each is a fact under its own name in
 * `match` conditions and checks; any other column is an attribute that a RiskTolerance must
 * declare under `attributes` before rules may use it.
 */
export const SKU_COLUMNS = [
  "sku",
  "unit_cost",
  "lead_time_days",
  "unit_price",
  "supplier",
  "category",
  "name",
  "moq",
  "case_pack",
  "segment",
] as const;

export type SkuColumn = (typeof SKU_COLUMNS)[number];
