/** What the store holds about one SKU, as the metric stage reads it. Plain data. */
import { dayNumber } from "../dates.js";

export interface DailyObservation {
  date: string;
  sold: number;
  onHand: number | null;
  stockout: number | null;
  lost: number | null;
}

/**
 * One SKU's daily rows over a window as columns: an entry a day of the window, oldest first;
 * NaN where a value is not given. A day without a row reads as sold 0 and nothing else given,
 * which is what every metric makes of it. 32 bytes a day, and no object a row.
 */
export interface DailySeries {
  sold: Float64Array;
  onHand: Float64Array;
  /** 1 out of stock, 0 in stock. */
  stockout: Float64Array;
  lost: Float64Array;
}

/** An empty series of `days` days: its four columns views of one buffer (one allocation, not four). */
export function emptyDailySeries(days: number): DailySeries {
  const all = new Float64Array(4 * days).fill(NaN, days);
  return {
    sold: all.subarray(0, days),
    onHand: all.subarray(days, 2 * days),
    stockout: all.subarray(2 * days, 3 * days),
    lost: all.subarray(3 * days),
  };
}

/** Daily rows as the series of the `days` days from day number `firstDay` (rows outside left out). */
export function dailySeriesOf(
  rows: readonly DailyObservation[],
  firstDay: number,
  days: number,
): DailySeries {
  const out = emptyDailySeries(days);
  for (const r of rows) {
    const i = dayNumber(r.date) - firstDay;
    if (i < 0 || i >= days) continue;
    out.sold[i] = r.sold;
    out.onHand[i] = r.onHand ?? NaN;
    out.stockout[i] = r.stockout ?? NaN;
    out.lost[i] = r.lost ?? NaN;
  }
  return out;
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
  /** Daily rows of the window's days. */
  daily: DailySeries;
  /** Purchase orders ordered on or before the window's end. */
  purchaseOrders: PurchaseOrderObservation[];
  /** Decisions inside the window. */
  decisions: DecisionObservation[];
  /**
   * The forecast each day of the window and of the days past its end that were read (NaN: no
   * forecast that day).
   */
  forecasts: Float64Array;
  /** `expedite` events for this SKU inside the window. */
  expediteEvents: number;
}

/** A SKU's observations with its daily rows as rows, of any span (simulations, tests). */
export type SkuHistory = Omit<SkuObservations, "daily" | "forecasts"> & {
  daily: DailyObservation[];
  forecasts: ForecastObservation[];
};

/** A SKU's history as the observations of one window (daily rows of other days left out). */
export function observationsIn(sku: SkuHistory, window: MetricWindow): SkuObservations {
  const firstDay = dayNumber(window.from);
  const days = dayNumber(window.to) - firstDay + 1;
  const forecasts = new Float64Array(days).fill(NaN);
  for (const f of sku.forecasts) {
    const i = dayNumber(f.date) - firstDay;
    if (i >= 0 && i < days) forecasts[i] = f.forecast;
  }
  return { ...sku, daily: dailySeriesOf(sku.daily, firstDay, days), forecasts };
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
