/**
 * Every per-SKU metric of CONTRACT §2 over a window, each with the number of observations it
 * rests on, and `value: null` with a reason where its inputs are missing. Pure: observations in,
 * metrics out. Segment- and portfolio-level metrics (capitalShare, excess, abcClass) are rolled
 * up from these elsewhere.
 *
 * Conventions:
 * - demandCv: CV (sample sd ÷ mean) of weekly demand over the calendar weeks (Monday–Sunday)
 *   wholly inside the window, so that it does not move with the as-of weekday; needs two weeks
 *   and non-zero demand.
 * - adi, cv2, demandPattern: classifyDemand of the daily demand (tsintermittent::idclass
 *   conventions); they need two days with demand. Cut-offs 1.32 and 0.49 (Syntetos–Boylan).
 * - leadTimeDays: the orders placed in the window as survival data (metrics/lead-times.ts):
 *   Kaplan–Meier restricted mean, an open order censored at its age so far.
 * - leadTimeCv, leadTimeDelayDays: the receipts inside the window.
 */
import { dateOfDay, dayNumber } from "../dates.js";
import type { CategoricalMetricName, NumericMetricName } from "../vocabulary/metric-catalog.js";
import { demandSeries, windowDays } from "./censored-demand.js";
import { leadTimeMetric, packOrderLeads, placedOrders } from "./lead-times.js";
import type { PackedOrderLeads } from "./lead-times.js";
import { countWeek, weekCounts, weeksIn } from "./week-counts.js";
import type { WeekCounts } from "./week-counts.js";
import type { DemandSeries } from "./censored-demand.js";
import type {
  CategoricalMetric,
  MetricWindow,
  NotMeasurable,
  NumericMetric,
  SkuObservations,
} from "./observations.js";
import { classifyDemand } from "../model/classify-demand.js";
import { cv, meanInterval, proportionInterval, sampleStd, sum } from "../stats/stats.js";

/** Each metric by name: numbers for numeric metrics, strings for categories (no cast to read one). */
export type SkuMetrics = Partial<
  { [K in NumericMetricName]: NumericMetric } & { [K in CategoricalMetricName]: CategoricalMetric }
>;

/** Days past the as-of date forecasts are read for: the projection of stock, forward-looking targets. */
export const AHEAD_DAYS = 182;

export interface SkuMetricOptions {
  /** |ordered − recommended| ÷ recommended above this is an override (RiskTolerance). */
  overrideThreshold: number;
  /**
   * Samples only some callers read, kept on request (at 50k SKUs they are memory an evaluation
   * can spare): `outcomes` for the report's overrides review, `demand` for a replay, `ahead`
   * (days) for a forward-looking replay or projection: the forecast each day of the window and
   * that many days past it; `yearAgo` for last year's same weeks (read by the reader).
   */
  keep?: { outcomes?: boolean; demand?: boolean; ahead?: number; yearAgo?: boolean };
}

/**
 * Not-measurable values are few distinct (n, reason) pairs across a portfolio: one frozen object
 * each, shared by every SKU (at 50k SKUs of daily data only, ten of a SKU's metrics are these).
 */
const notMeasurable = new Map<string, NotMeasurable>();
const none = (n: number, reason: string): NotMeasurable => {
  const key = `${n}\u0000${reason}`;
  let value = notMeasurable.get(key);
  if (!value) {
    if (notMeasurable.size >= 4096) notMeasurable.clear();
    notMeasurable.set(key, (value = Object.freeze({ value: null, n, reason })));
  }
  return value;
};

/** One empty series shared by every SKU without one (each typed array costs its own ~180 bytes). */
const EMPTY = new Float64Array(0);
/** One empty list, frozen, for every sample list a SKU has nothing in (32 bytes each otherwise). */
const NOTHING = Object.freeze([]) as never[];
const orNothing = <T>(list: T[]): T[] => (list.length === 0 ? NOTHING : list);
const est = (
  e: { value: number; n: number; interval?: [number, number] } | undefined,
  reason: string,
): NumericMetric =>
  e ? { value: e.value, n: e.n, ...(e.interval ? { interval: e.interval } : {}) } : none(0, reason);

/**
 * The sufficient statistics behind a SKU's metrics, so that segments and the portfolio can pool
 * SKUs (sums, ratio estimators with SKUs as clusters) instead of averaging averages.
 */
export interface SkuSamples {
  days: number;
  /** Day number of the window's first day. */
  firstDay: number;
  sold: number;
  demand: number;
  demandMean: number;
  knownDays: number;
  outDays: number;
  /** Lengths of the stockouts that ended inside the window. */
  spells: number[];
  /** Stockout days whose lost demand could not be estimated. */
  unestimated: number;
  /** Units of lost demand estimated (no lost_units given), inside `demand`. */
  estimatedLost: number;
  onHandMean: number | null;
  endOnHand: number | null;
  unitCost: number;
  unitPrice: number | null;
  /** Lead times of the receipts in the window (for lead-time CV and the replay). */
  leads: number[];
  delays: number[];
  /** The orders placed in the window, received or open: the lead-time cohort (packed). */
  orderLeads: PackedOrderLeads;
  orders: number;
  expedited: number;
  decisions: number;
  overridesUp: number;
  overridesDown: number;
  forecastSum: number;
  actualSum: number;
  /** Σ|forecast − actual| over the window's days with a forecast. */
  forecastAbsError: number;
  forecastDays: number;
  /** Decisions and overrides by planner ("" when the planner is not given). */
  byPlanner: Record<string, { up: number; down: number; n: number }>;
  /** The window's last three equal periods, oldest first: for trends inside the window. */
  periods: PeriodSamples[];
  /** Decisions by week, oldest first, the last week ending on the window's last day. */
  weeks: WeekCounts;
  /** Overridden decisions in a row at the end of the window (the latest ones). */
  lastStreak: number;
  /** What became of each decision whose outcome span lies inside the window (kept on request). */
  outcomes: DecisionOutcome[];
  /**
   * Demand each day of the window (censoring-corrected): what a replay runs on and a forecast's
   * error is measured on (kept on request, see keepsDemand; else empty).
   */
  dailyDemand: Float64Array;
  /** Orders open at the window's end (placed by then, not received by then), due day first. */
  openOrders: { qty: number; dueDay: number }[];
  /** The forecast each day after the window's end that the reader read (NaN: none); empty without any. */
  forecastAhead: Float64Array;
  /**
   * The forecast each day of the window and `keep.ahead` days past it, NaN where there is none
   * (kept on request; empty for a SKU without any forecast).
   */
  dailyForecast: Float64Array;
  /**
   * Demand 365 days before each day of `dailyForecast` (censoring-corrected), NaN outside the
   * data: the same weeks of the previous year (set by the reader on request).
   */
  yearAgoDemand: Float64Array;
}

/**
 * What became of one replenishment decision, over its outcome span: the OUTCOME_DAYS days from
 * the day its order was due (decision date + planned lead time). `coverWeeks` is the mean on
 * hand over the span ÷ the window's mean weekly demand, so that excess can be judged against
 * the segment's cover limit once the SKU is assigned.
 */
export interface DecisionOutcome {
  direction: "up" | "down" | "followed";
  planner: string;
  /** A day out of stock in the span. */
  stockout: boolean;
  coverWeeks: number | null;
}

/** Days an order's outcome is watched after it was due: two weeks. */
export const OUTCOME_DAYS = 14;

export interface PeriodSamples {
  from: string;
  to: string;
  stockoutDays: number;
  knownDays: number;
  /** Mean on hand over the period's days with on_hand. */
  onHandMean: number | null;
  orders: number;
  expedited: number;
}

export interface SkuEvaluation {
  sku: string;
  columns: SkuObservations["columns"];
  metrics: SkuMetrics;
  samples: SkuSamples;
}

/** A SKU's metrics only. */
export function computeSkuMetrics(
  obs: SkuObservations,
  window: MetricWindow,
  options: SkuMetricOptions,
): SkuMetrics {
  return computeSku(obs, window, options).metrics;
}

/** What the sections of computeSku share: the observations, the window and its demand series. */
interface SkuContext {
  obs: SkuObservations;
  window: MetricWindow;
  options: SkuMetricOptions;
  series: DemandSeries;
  days: number;
  /** Day numbers of the window's first and last day. */
  from: number;
  asOf: number;
  demandMean: number;
}

/** A window day with on_hand given: its index in the window and the units. */
interface OnHandDay {
  i: number;
  onHand: number;
}

export function computeSku(
  obs: SkuObservations,
  window: MetricWindow,
  options: SkuMetricOptions,
): SkuEvaluation {
  const days = windowDays(window);
  const series = demandSeries(obs.daily, window);
  const demandMean = sum(series.demand) / days;
  const c: SkuContext = {
    obs,
    window,
    options,
    series,
    days,
    from: dayNumber(window.from),
    asOf: dayNumber(window.to),
    demandMean,
  };
  // Each section adds its metrics in turn: the order of `m` is the order documents list them in.
  const m: SkuMetrics = {};
  demandMetrics(m, c);
  const service = serviceMetrics(m, c);
  const stock = stockMetrics(m, c);
  const supply = supplyMetrics(m, c);
  const periods = periodSamples(c, stock.onHand);
  const planning = planningSamples(c, stock.onHand);
  planningMetrics(m, planning);
  const forecast = forecastMetrics(m, c);
  economicsMetrics(m, c);
  const dailyForecast = forecastSeries(c);
  return {
    sku: obs.sku,
    columns: obs.columns,
    metrics: m,
    samples: {
      days,
      firstDay: c.from,
      sold: sum(series.sold),
      demand: sum(series.demand),
      demandMean,
      knownDays: service.known,
      outDays: service.out,
      spells: orNothing(service.spells),
      unestimated: series.unestimated,
      estimatedLost: series.estimatedUnits,
      onHandMean: stock.onHandMean,
      endOnHand: stock.endOnHand,
      unitCost: obs.unitCost,
      unitPrice: obs.unitPrice,
      leads: orNothing(supply.leads),
      delays: orNothing(supply.delays),
      orderLeads: supply.orderLeads,
      orders: supply.orders,
      expedited: supply.expedited,
      decisions: planning.decisions,
      overridesUp: planning.up,
      overridesDown: planning.down,
      ...forecast,
      byPlanner: planning.byPlanner,
      periods,
      weeks: planning.weeks,
      lastStreak: planning.lastStreak,
      outcomes: orNothing(planning.outcomes),
      dailyDemand: keepsDemand(options.keep, dailyForecast)
        ? Float64Array.from(series.demand)
        : EMPTY,
      dailyForecast,
      openOrders: orNothing(openOrders(c)),
      forecastAhead: forecastAhead(c, dailyForecast),
      yearAgoDemand: EMPTY,
    },
  };
}

/**
 * Demand of each calendar week (Monday to Sunday) wholly inside the window, oldest first: the
 * weeks do not move with the as-of weekday, so neither does the weekly CV.
 */
export function calendarWeeks(demand: readonly number[], firstDay: number): number[] {
  // Day 0 (1970-01-01) was a Thursday: Monday is the day whose (day + 3) mod 7 is 0.
  const start = (7 - ((firstDay + 3) % 7)) % 7;
  const weeks = Math.floor((demand.length - start) / 7);
  return Array.from({ length: Math.max(0, weeks) }, (_, w) =>
    sum(demand.slice(start + 7 * w, start + 7 * (w + 1))),
  );
}

/** Demand: mean, deviation, weekly CV (calendar weeks inside the window), ADI/CV². */
function demandMetrics(m: SkuMetrics, { series, days, from, demandMean }: SkuContext): void {
  m.demandMean = { value: demandMean, n: days };
  m.demandStd = { value: sampleStd(series.demand) ?? 0, n: days };
  const weekly = calendarWeeks(series.demand, from);
  const weeks = weekly.length;
  const weeklyCv = cv(weekly);
  m.demandCv =
    weeklyCv === undefined
      ? none(weeks, weeks < 2 ? "fewer than two whole weeks" : "no demand")
      : { value: weeklyCv, n: weeks };
  const demandClass = classifyDemand(series.demand);
  if (demandClass.pattern !== null) {
    m.adi = { value: demandClass.adi, n: demandClass.n };
    m.cv2 = { value: demandClass.cv2, n: demandClass.n };
    m.demandPattern = { value: demandClass.pattern, n: demandClass.n };
  } else {
    for (const k of ["adi", "cv2", "demandPattern"] as const)
      m[k] = none(demandClass.n, "fewer than two days with demand");
  }
}

/** Service: fill rate, in-stock rate, stockout days, recovery from stockouts. */
function serviceMetrics(
  m: SkuMetrics,
  { series, days }: SkuContext,
): { known: number; out: number; spells: number[] } {
  const spells: number[] = [];
  const known = series.status.filter((s) => s !== undefined).length;
  const out = series.status.filter((s) => s === false).length;
  const serviceReason = "no on_hand and no stockout in daily.csv";
  if (known === 0) {
    for (const k of ["fillRate", "inStockRate", "stockoutDays", "recoveryDays"] as const)
      m[k] = none(0, serviceReason);
    return { known, out, spells };
  }
  m.inStockRate = est(proportionInterval(known - out, known), serviceReason);
  m.stockoutDays = { value: out, n: known };
  const totalDemand = sum(series.demand);
  m.fillRate =
    series.unestimated > 0
      ? none(days, "out of stock with no in-stock day to estimate lost demand from")
      : totalDemand === 0
        ? none(days, "no demand")
        : { value: sum(series.sold) / totalDemand, n: days };
  let run = 0;
  for (const s of series.status) {
    if (s === false) run++;
    else if (s === true && run > 0) {
      spells.push(run);
      run = 0;
    }
  }
  m.recoveryDays = est(meanInterval(spells), "no stockout that ended inside the window");
  return { known, out, spells };
}

/** Stock and capital: mean on hand, at cost, and the cover it gives at the end. */
function stockMetrics(
  m: SkuMetrics,
  { obs, days, demandMean }: SkuContext,
): { onHand: OnHandDay[]; onHandMean: number | null; endOnHand: number | null } {
  const onHand: OnHandDay[] = [];
  for (let i = 0; i < days; i++) {
    const units = obs.daily.onHand[i] as number;
    if (!Number.isNaN(units)) onHand.push({ i, onHand: units });
  }
  if (onHand.length === 0) {
    for (const k of ["onHandUnits", "capital", "coverWeeks"] as const)
      m[k] = none(0, "no on_hand in daily.csv");
    return { onHand, onHandMean: null, endOnHand: null };
  }
  const units = sum(onHand.map((d) => d.onHand)) / onHand.length;
  const end = (onHand[onHand.length - 1] as OnHandDay).onHand;
  m.onHandUnits = { value: units, n: onHand.length };
  m.capital = { value: units * obs.unitCost, n: onHand.length };
  m.coverWeeks =
    demandMean > 0 ? { value: end / (demandMean * 7), n: days } : none(days, "no demand");
  return { onHand, onHandMean: units, endOnHand: end };
}

/**
 * Supply: lead time of the orders placed in the window (Kaplan–Meier, open orders censored);
 * lead-time CV and delays of the receipts in the window; expedites.
 */
function supplyMetrics(
  m: SkuMetrics,
  { obs, window, from, asOf }: SkuContext,
): {
  leads: number[];
  delays: number[];
  orderLeads: PackedOrderLeads;
  orders: number;
  expedited: number;
} {
  const leads: number[] = [];
  const delays: number[] = [];
  for (const po of obs.purchaseOrders) {
    if (po.received === null) continue;
    const received = dayNumber(po.received);
    if (received < from || received > asOf) continue;
    leads.push(received - dayNumber(po.ordered));
    if (po.expected !== null) delays.push(received - dayNumber(po.expected));
  }
  const orderLeads = packOrderLeads(placedOrders(obs.purchaseOrders, window));
  const noReceipts = "no purchase order received in the window";
  m.plannedLeadTimeDays = { value: obs.plannedLeadTimeDays, n: 1 };
  m.leadTimeDays = leadTimeMetric([orderLeads]);
  const leadCv = cv(leads);
  m.leadTimeCv =
    leadCv === undefined ? none(leads.length, noReceipts) : { value: leadCv, n: leads.length };
  m.leadTimeDelayDays = est(meanInterval(delays), "no receipt with expected_on in the window");
  const ordersInWindow = obs.purchaseOrders.filter(
    (p) => p.ordered >= window.from && p.ordered <= window.to,
  );
  const expedited = ordersInWindow.filter((p) => p.expedited === 1).length + obs.expediteEvents;
  m.expediteRate =
    ordersInWindow.length > 0
      ? { value: expedited / ordersInWindow.length, n: ordersInWindow.length }
      : none(0, "no purchase order in the window");
  return {
    leads,
    delays,
    orderLeads,
    orders: ordersInWindow.length,
    expedited,
  };
}

/** Each day's date, one string for every SKU (a window's periods are the same for all). */
const dates = new Map<number, string>();
function sharedDate(day: number): string {
  let date = dates.get(day);
  if (date === undefined) {
    if (dates.size >= 4096) dates.clear();
    dates.set(day, (date = dateOfDay(day)));
  }
  return date;
}

/** The last three periods of the window, for trends inside it. */
function periodSamples(
  { obs, series, days, from }: SkuContext,
  onHand: readonly OnHandDay[],
): PeriodSamples[] {
  const length = Math.floor(days / 3);
  // Counted and summed in loops, in the order the lists hold them (no list a period: at 50k
  // SKUs the filtered copies were 0.3 GB of garbage a read).
  return [0, 1, 2].map((k) => {
    const start = days - (3 - k) * length;
    const end = start + length - 1;
    let stocked = 0;
    let onHandSum = 0;
    for (const d of onHand)
      if (d.i >= start && d.i <= end) {
        onHandSum += d.onHand;
        stocked++;
      }
    let orders = 0;
    let expedited = 0;
    for (const p of obs.purchaseOrders) {
      const i = dayNumber(p.ordered) - from;
      if (i < start || i > end) continue;
      orders++;
      if (p.expedited === 1) expedited++;
    }
    let stockoutDays = 0;
    let knownDays = 0;
    for (let i = start; i <= Math.min(end, series.status.length - 1); i++) {
      const x = series.status[i];
      if (x === false) stockoutDays++;
      if (x !== undefined) knownDays++;
    }
    return {
      from: sharedDate(from + start),
      to: sharedDate(from + end),
      stockoutDays,
      knownDays,
      onHandMean: stocked ? onHandSum / stocked : null,
      orders,
      expedited,
    };
  });
}

interface PlanningSamples {
  decisions: number;
  up: number;
  down: number;
  byPlanner: SkuSamples["byPlanner"];
  weeks: SkuSamples["weeks"];
  lastStreak: number;
  outcomes: DecisionOutcome[];
}

/**
 * What became of a decision: the 14 days from when its order is due (its date plus the planned
 * lead time), if they lie inside the window with known stock status.
 */
function decisionOutcome(
  { obs, series, days, from, demandMean }: SkuContext,
  onHandByDay: ReadonlyMap<number, number>,
  decision: { date: string; direction: DecisionOutcome["direction"]; planner: string },
): DecisionOutcome | undefined {
  const start = dayNumber(decision.date) - from + obs.plannedLeadTimeDays;
  const end = start + OUTCOME_DAYS - 1;
  if (start < 0 || end >= days) return undefined;
  const status = series.status.slice(start, end + 1);
  if (status.some((x) => x === undefined)) return undefined;
  const stock = status.map((_, i) => onHandByDay.get(start + i));
  const known = stock.filter((x): x is number => x !== undefined);
  return {
    direction: decision.direction,
    planner: decision.planner,
    stockout: status.some((x) => x === false),
    coverWeeks:
      demandMean > 0 && known.length === stock.length
        ? sum(known) / known.length / (demandMean * 7)
        : null,
  };
}

/** A SKU without decisions has no planners: one frozen empty record shared by all of them. */
const NO_PLANNERS: SkuSamples["byPlanner"] = Object.freeze({});
const weeksWithoutDecisions = new Map<number, WeekCounts>();

/**
 * `length` weeks of no decision, shared by every SKU without one (never counted into: only a
 * SKU with decisions counts, into its own).
 */
function noDecisionWeeks(length: number): WeekCounts {
  let weeks = weeksWithoutDecisions.get(length);
  if (!weeks) weeksWithoutDecisions.set(length, (weeks = weekCounts(length)));
  return weeks;
}

/** Planning: decisions, overrides up and down, by planner and by week, the latest streak. */
function planningSamples(c: SkuContext, onHand: readonly OnHandDay[]): PlanningSamples {
  const { obs, options, days, asOf } = c;
  const decisions = obs.decisions.filter((d) => d.recommended > 0 || d.ordered > 0);
  const p: PlanningSamples = {
    decisions: decisions.length,
    up: 0,
    down: 0,
    byPlanner: decisions.length === 0 ? NO_PLANNERS : {},
    weeks:
      decisions.length === 0
        ? noDecisionWeeks(Math.floor(days / 7))
        : weekCounts(Math.floor(days / 7)),
    lastStreak: 0,
    outcomes: [],
  };
  const onHandByDay = new Map<number, number>(
    options.keep?.outcomes ? onHand.map((d) => [d.i, d.onHand]) : [],
  );
  for (const d of [...decisions].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))) {
    const planner = (p.byPlanner[d.planner ?? ""] ??= { up: 0, down: 0, n: 0 });
    planner.n++;
    // weeks end on the window's last day; days before the first whole week are left out
    const week = weeksIn(p.weeks) - 1 - Math.floor((asOf - dayNumber(d.date)) / 7);
    countWeek(p.weeks, week, "decisions");
    const overridden =
      d.recommended === 0 ||
      Math.abs(d.ordered - d.recommended) / d.recommended > options.overrideThreshold;
    p.lastStreak = overridden ? p.lastStreak + 1 : 0;
    if (options.keep?.outcomes) {
      const direction = !overridden ? "followed" : d.ordered > d.recommended ? "up" : "down";
      const outcome = decisionOutcome(c, onHandByDay, {
        date: d.date,
        direction,
        planner: d.planner ?? "",
      });
      if (outcome) p.outcomes.push(outcome);
    }
    if (!overridden) continue;
    countWeek(p.weeks, week, "overridden");
    if (d.ordered > d.recommended) {
      p.up++;
      planner.up++;
    } else {
      p.down++;
      planner.down++;
      countWeek(p.weeks, week, "down");
    }
  }
  return p;
}

function planningMetrics(m: SkuMetrics, p: PlanningSamples): void {
  const noDecisions = "no decision in the window";
  m.overrideRate = est(proportionInterval(p.up + p.down, p.decisions), noDecisions);
  m.overrideUpRate = est(proportionInterval(p.up, p.decisions), noDecisions);
  m.overrideDownRate = est(proportionInterval(p.down, p.decisions), noDecisions);
}

/** Days of the window with a forecast. */
function forecastDays({ obs, days }: SkuContext): number {
  let n = 0;
  for (let i = 0; i < days && i < obs.forecasts.length; i++)
    if (!Number.isNaN(obs.forecasts[i])) n++;
  return n;
}

/**
 * The forecast a day over the window and `keep.ahead` days past it (NaN: none); empty unless
 * kept, and empty for a SKU without any forecast (a day-by-day series of NaN says no more, and
 * 50k of them took 100 MB).
 */
function forecastSeries({ obs, options, days }: SkuContext): Float64Array {
  const ahead = options.keep?.ahead;
  if (ahead === undefined || !anyNumber(obs.forecasts)) return EMPTY;
  const out = new Float64Array(days + ahead).fill(NaN);
  out.set(obs.forecasts.subarray(0, out.length));
  return out;
}

/**
 * Whether a SKU's daily demand is kept: for a replay or last year's weeks (on request), and for a
 * forward plan that measures its forecast's error on it — only where the SKU has a forecast (a
 * plan without one takes σ from the daily deviation). 720 bytes a SKU of 90 days otherwise.
 */
function keepsDemand(keep: SkuMetricOptions["keep"], dailyForecast: Float64Array): boolean {
  return (
    keep?.demand === true ||
    keep?.yearAgo === true ||
    (keep?.ahead !== undefined && dailyForecast.length > 0)
  );
}

/** Whether a series holds a number (not NaN): a loop, which boxes no element as a callback would. */
function anyNumber(series: Float64Array): boolean {
  for (let i = 0; i < series.length; i++) if (!Number.isNaN(series[i])) return true;
  return false;
}

/** Orders placed by the window's end and not received by then: due on expected_on (or the plan). */
function openOrders({ obs, asOf }: SkuContext): SkuSamples["openOrders"] {
  return obs.purchaseOrders
    .filter(
      (p) => dayNumber(p.ordered) <= asOf && (p.received === null || dayNumber(p.received) > asOf),
    )
    .map((p) => ({
      qty: p.qty,
      dueDay:
        p.expected !== null
          ? dayNumber(p.expected)
          : dayNumber(p.ordered) + obs.plannedLeadTimeDays,
    }))
    .sort((a, b) => a.dueDay - b.dueDay);
}

/**
 * The forecasts read for the days after the window: one a day from its end to the last day with
 * one (NaN where none). A view of the days past the window in `dailyForecast` when that holds
 * them all (the same numbers: at 50k SKUs the copy was 73 MB).
 */
function forecastAhead({ obs, days }: SkuContext, dailyForecast: Float64Array): Float64Array {
  let last = obs.forecasts.length - 1;
  while (last >= days && Number.isNaN(obs.forecasts[last])) last--;
  if (last < days) return EMPTY;
  const length = last - days + 1;
  if (dailyForecast.length >= days + length) return dailyForecast.subarray(days, days + length);
  return obs.forecasts.slice(days, days + length);
}

/** Forecast bias over the window's days with a forecast. */
function forecastMetrics(
  m: SkuMetrics,
  c: SkuContext,
): { forecastSum: number; actualSum: number; forecastAbsError: number; forecastDays: number } {
  const { obs, series, days } = c;
  let forecastSum = 0;
  let actualSum = 0;
  let forecastAbsError = 0;
  for (let i = 0; i < days && i < obs.forecasts.length; i++) {
    const forecast = obs.forecasts[i] as number;
    if (Number.isNaN(forecast)) continue;
    forecastSum += forecast;
    actualSum += series.demand[i] as number;
    forecastAbsError += Math.abs(forecast - (series.demand[i] as number));
  }
  const n = forecastDays(c);
  const reason = n ? "no demand on forecast days" : "no forecast in the window";
  m.forecastBias =
    actualSum > 0 ? { value: (forecastSum - actualSum) / actualSum, n } : none(n, reason);
  m.forecastError = actualSum > 0 ? { value: forecastAbsError / actualSum, n } : none(n, reason);
  return { forecastSum, actualSum, forecastAbsError, forecastDays: n };
}

/** Economics: unit cost and price, margin, revenue. */
function economicsMetrics(m: SkuMetrics, { obs, series, days }: SkuContext): void {
  m.unitCost = { value: obs.unitCost, n: 1 };
  if (obs.unitPrice !== null) {
    m.unitPrice = { value: obs.unitPrice, n: 1 };
    m.margin =
      obs.unitPrice > 0
        ? { value: (obs.unitPrice - obs.unitCost) / obs.unitPrice, n: 1 }
        : none(1, "unit_price is 0");
    m.revenue = { value: sum(series.sold) * obs.unitPrice, n: days };
  } else {
    for (const k of ["unitPrice", "margin", "revenue"] as const)
      m[k] = none(0, "no unit_price in skus.csv");
  }
}

/**
 * The evaluation with its per-order, per-week and per-day samples dropped but the daily demand:
 * what a window read only for membership (its metrics, days known) or for last year's demand
 * needs. At 50k SKUs the reference window's samples were a third of the heap.
 */
export function slimSamples(e: SkuEvaluation): SkuEvaluation {
  return {
    ...e,
    samples: {
      ...e.samples,
      spells: [],
      leads: [],
      delays: [],
      orderLeads: packOrderLeads([]),
      byPlanner: {},
      periods: [],
      weeks: noDecisionWeeks(0),
      outcomes: [],
      openOrders: [],
      dailyForecast: EMPTY,
      forecastAhead: EMPTY,
      yearAgoDemand: EMPTY,
    },
  };
}
