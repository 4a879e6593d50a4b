/** What the store holds about one SKU, as the metric stage reads it. Plain data. */

export interface DailyObservation {
  date: string;
  sold: number;
  onHand: number | null;
  stockout: number | null;
  lost: number | null;
}

export interface PurchaseOrderObservation {
  po: string;
  ordered: string;
  expected: string | null;
  received: string | null;
  qty: number;
  expedited: number | null;
}

export interface DecisionObservation {
  date: string;
  recommended: number;
  ordered: number;
  planner: string | null;
}

export interface ForecastObservation {
  date: string;
  forecast: number;
}

export interface SkuObservations {
  sku: string;
  /** The skus.csv columns and attributes, by column name: facts for segment rules and checks. */
  columns: Readonly<Record<string, string | number | null>>;
  unitCost: number;
  unitPrice: number | null;
  plannedLeadTimeDays: number;
  /** Daily rows inside the window, by date. */
  daily: DailyObservation[];
  /** Purchase orders ordered on or before the window's end. */
  purchaseOrders: PurchaseOrderObservation[];
  /** Decisions inside the window. */
  decisions: DecisionObservation[];
  /** Forecasts inside the window. */
  forecasts: ForecastObservation[];
  /** Forecasts for days past the window's end, when they were asked for (else empty). */
  forecastsAhead?: ForecastObservation[];
  /** `expedite` events for this SKU inside the window. */
  expediteEvents: number;
}

/** The evaluation window, both ends included. */
export interface MetricWindow {
  from: string;
  to: string;
}

/** The evidence every metric value carries; `value: null` means not measurable, and `reason` says why. */
interface MetricEvidence {
  /** Observations the value rests on (days, receipts, decisions, SKUs, …). */
  n: number;
  /** For a pooled value: the SKUs it pools, which its interval treats as independent units. */
  clusters?: number;
  interval?: [number, number];
  reason?: string;
}

/** A number-valued metric (fill rate, capital, lead time …) with its evidence. */
export interface NumericMetric extends MetricEvidence {
  value: number | null;
}

/** A category-valued metric (demand pattern, ABC class) with its evidence. */
export interface CategoricalMetric extends MetricEvidence {
  value: string | null;
}

/** A metric's value with the evidence it rests on. */
export type MetricValue = NumericMetric | CategoricalMetric;

/** A metric that is not measurable, of either kind: `reason` says why. */
export type NotMeasurable = { value: null; n: number; reason: string } & MetricEvidence;

/** A numeric metric with a number: measured. */
export type Measured = NumericMetric & { value: number };

/** Whether a metric value holds a number (not a category, and measurable). */
export const isMeasured = (v: MetricValue | undefined): v is Measured =>
  typeof v?.value === "number";
