/**
 * The metrics of CONTRACT §2: the facts that policies bound and rules talk about.
 * One list, used by the JSON Schemas, the semantic rules, and (later) the metric computation.
 *
 * @example METRICS.fillRate.range // "rate": a number in 0..1
 */

/** What values a metric takes, which sets the range its bounds may have. */
export type MetricRange = "rate" | "nonNegative" | "positive" | "signed" | "category";

export interface MetricInfo {
  readonly description: string;
  readonly range: MetricRange;
  /** Allowed values of a categorical metric. */
  readonly values?: readonly string[];
}

export const DEMAND_PATTERNS = ["smooth", "erratic", "intermittent", "lumpy"] as const;
export const ABC_CLASSES = ["A", "B", "C"] as const;

export const METRICS = {
  demandMean: {
    range: "nonNegative",
    description: "Mean daily demand in units (units sold plus lost units where known).",
  },
  demandStd: { range: "nonNegative", description: "Standard deviation of daily demand in units." },
  demandCv: {
    range: "nonNegative",
    description: "Coefficient of variation of weekly demand, over whole weeks in the window.",
  },
  adi: {
    range: "positive",
    description: "Syntetos–Boylan average inter-demand interval, in days.",
  },
  cv2: {
    range: "nonNegative",
    description: "Syntetos–Boylan squared coefficient of variation of non-zero demand sizes.",
  },
  demandPattern: {
    range: "category",
    values: DEMAND_PATTERNS,
    description: "Syntetos–Boylan demand pattern (cut-offs ADI 1.32, CV² 0.49).",
  },
  plannedLeadTimeDays: {
    range: "positive",
    description: "Planned or quoted lead time in days, from skus.csv.",
  },
  leadTimeDays: {
    range: "nonNegative",
    description:
      "Mean actual lead time in days of the purchase orders placed in the window, as survival data: " +
      "Kaplan–Meier restricted mean, an open order censored at its age so far (a lower bound while orders are open).",
  },
  leadTimeCv: {
    range: "nonNegative",
    description: "Coefficient of variation of the lead times of the orders received in the window.",
  },
  leadTimeDelayDays: {
    range: "signed",
    description: "Mean days late against expected_on (negative: early).",
  },
  fillRate: {
    range: "rate",
    description:
      "Units sold ÷ (units sold + lost units); lost units estimated on stockout days when not given.",
  },
  inStockRate: { range: "rate", description: "Share of days in stock." },
  stockoutDays: { range: "nonNegative", description: "Days out of stock in the window." },
  recoveryDays: {
    range: "nonNegative",
    description: "Mean days from the start of a stockout until back in stock.",
  },
  onHandUnits: { range: "nonNegative", description: "Mean on-hand units." },
  capital: {
    range: "nonNegative",
    description: "Mean on-hand units × unit_cost, in the tolerance's currency.",
  },
  coverWeeks: {
    range: "nonNegative",
    description: "End-of-window on hand ÷ mean weekly demand, in weeks.",
  },
  excessCapital: {
    range: "nonNegative",
    description: "Capital above the segment's targets.cover.maxWeeks.",
  },
  excessShare: { range: "rate", description: "Excess capital as a share of capital." },
  capitalShare: {
    range: "rate",
    description: "Share of portfolio capital (of a segment or a SKU).",
  },
  overrideRate: {
    range: "rate",
    description:
      "Share of decisions where ordered_qty differs from recommended_qty by more than the override threshold.",
  },
  overrideUpRate: { range: "rate", description: "Share of decisions overridden upwards." },
  overrideDownRate: { range: "rate", description: "Share of decisions overridden downwards." },
  forecastBias: {
    range: "signed",
    description: "Σ(forecast − actual) ÷ Σ actual; positive means over-forecasting.",
  },
  forecastError: {
    range: "nonNegative",
    description:
      "Σ|forecast − actual| ÷ Σ actual over the window's days with a forecast (weighted absolute percentage error).",
  },
  expediteRate: {
    range: "nonNegative",
    description: "Expedited purchase orders (and expedite events) per purchase order.",
  },
  unitCost: { range: "nonNegative", description: "Landed cost a unit, from skus.csv." },
  unitPrice: { range: "nonNegative", description: "Selling price a unit, from skus.csv." },
  margin: { range: "signed", description: "(unit_price − unit_cost) ÷ unit_price." },
  revenue: { range: "nonNegative", description: "Units sold × unit_price over the window." },
  abcClass: {
    range: "category",
    values: ABC_CLASSES,
    description: "A/B/C by cumulative revenue share 80/15/5.",
  },
} as const satisfies Record<string, MetricInfo>;

export type MetricName = keyof typeof METRICS;

/** The metrics whose values are categories (demand pattern, ABC class). */
export type CategoricalMetricName = {
  [K in MetricName]: (typeof METRICS)[K]["range"] extends "category" ? K : never;
}[MetricName];

/** The metrics whose values are numbers. */
export type NumericMetricName = Exclude<MetricName, CategoricalMetricName>;

export const METRIC_NAMES = Object.keys(METRICS) as MetricName[];

/** Metrics that take numbers, so they can be bounded with `{ min, max }`. */
export const NUMERIC_METRIC_NAMES = METRIC_NAMES.filter((m) => METRICS[m].range !== "category");

export function isMetricName(name: string): name is MetricName {
  return Object.hasOwn(METRICS, name);
}

/** The allowed values of a categorical metric; undefined for numeric metrics and non-metrics. */
export function metricValues(name: string): readonly string[] | undefined {
  if (!isMetricName(name)) return undefined;
  const info: MetricInfo = METRICS[name];
  return info.values;
}
