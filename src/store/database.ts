/**
 * The store's tables as kysely types. Dates are ISO text (YYYY-MM-DD) in both dialects, so
 * comparisons and dumps read the same everywhere; numbers are doubles; flags are 0/1.
 */
import type { Generated } from "kysely";

export interface SkusTable {
  sku: string;
  unit_cost: number;
  lead_time_days: number;
  unit_price: number | null;
  supplier: string | null;
  category: string | null;
  name: string | null;
  moq: number | null;
  case_pack: number | null;
  segment: string | null;
  /** JSON object of the extra skus.csv columns (attributes that rules may use). */
  attributes: string;
}

export interface DailyTable {
  date: string;
  sku: string;
  units_sold: number;
  on_hand: number | null;
  stockout: number | null;
  lost_units: number | null;
}

export interface PurchaseOrdersTable {
  po: string;
  sku: string;
  ordered_on: string;
  qty: number;
  expected_on: string | null;
  received_on: string | null;
  received_qty: number | null;
  expedited: number | null;
  supplier: string | null;
}

export interface DecisionsTable {
  date: string;
  sku: string;
  recommended_qty: number;
  ordered_qty: number;
  planner: string | null;
  reason: string | null;
  policy_version: string | null;
}

export interface ForecastsTable {
  date: string;
  sku: string;
  forecast_units: number;
}

export interface EventsTable {
  /** The row itself is the key: a digest of its values, so loading twice changes nothing. */
  event_key: string;
  date: string;
  kind: string;
  sku: string | null;
  cost: number | null;
  note: string | null;
}

export interface EvaluationRunsTable {
  /** Assigned by the database on insert (migration 0002). */
  id: Generated<number>;
  as_of: string;
  window_from: string;
  window_to: string;
  /** Digest of the policies evaluated, so runs of the same policies can be compared. */
  policies_digest: string;
  summary: string;
}

export interface FindingsTable {
  run_id: number;
  finding_id: string;
  kind: string;
  severity: string;
  scope: string;
  subject: string;
  status: string;
  /** The whole finding as JSON (CONTRACT §4). */
  finding: string;
}

export interface Database {
  skus: SkusTable;
  daily: DailyTable;
  purchase_orders: PurchaseOrdersTable;
  decisions: DecisionsTable;
  forecasts: ForecastsTable;
  events: EventsTable;
  evaluation_runs: EvaluationRunsTable;
  findings: FindingsTable;
}
