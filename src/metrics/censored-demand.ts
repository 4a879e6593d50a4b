/**
 * Daily demand of one SKU over a window, corrected for censoring: on a day out of stock, sales
 * are a lower bound of demand. Where `lost_units` is given it is used. Otherwise the day's demand
 * is taken as E[D | D ≥ sold], with D's mean μ and variance from sales on in-stock days within
 * ±7 days (the variance μ below three such days; the whole window's in-stock days when there are
 * none nearby, and always for a slow mover under SLOW_MOVER_BELOW a day, whose few days nearby
 * are too few to learn from):
 * - nothing sold: D ≥ 0 says nothing, so the day gets μ, the expected demand (a tail expectation
 *   would add demand no day ever had: 0.84 for μ = 0.3 under a Normal);
 * - a slow mover counted in whole units (μ below COUNT_MODEL_BELOW): a count model, Poisson or,
 *   when sales vary more than their mean, negative binomial (stats/count-tail.ts);
 * - otherwise D ~ Normal(μ, σ).
 * Pure.
 */
import { dayNumber } from "../dates.js";
import type { DailySeries, MetricWindow } from "./observations.js";
import { countExcess } from "../stats/count-tail.js";
import { expectedExcess, mean, sampleStd } from "../stats/stats.js";

/** Mean daily sales below which whole-unit sales are modelled as counts rather than Normal. */
export const COUNT_MODEL_BELOW = 20;
/**
 * Mean daily sales below which a SKU learns its rate from all the window's in-stock days: a
 * fortnight around a stockout holds too few units (the estimate of lost demand ran 30% high on
 * simulated slow movers of 0.2–1.5 a day), while faster SKUs keep the local rate that follows
 * seasons and promotions.
 */
export const SLOW_MOVER_BELOW = 2;

/** In stock (true), out of stock (false), or unknown (no on_hand and no stockout flag). */
export type StockStatus = boolean | undefined;

export interface DemandSeries {
  /** One entry a window day. */
  sold: number[];
  lost: number[];
  demand: number[];
  status: StockStatus[];
  /** Stockout days whose lost demand could not be estimated (no in-stock day to learn from). */
  unestimated: number;
  /** Stockout days whose lost demand was estimated rather than given. */
  estimated: number;
  /** Units of lost demand estimated rather than given. */
  estimatedUnits: number;
}

export const NEARBY_DAYS = 7;

export function windowDays(window: MetricWindow): number {
  return dayNumber(window.to) - dayNumber(window.from) + 1;
}

export function demandSeries(daily: DailySeries, window: MetricWindow): DemandSeries {
  const days = windowDays(window);
  const sold = new Array<number>(days).fill(0);
  const given = new Array<number | null>(days).fill(null);
  const status = new Array<StockStatus>(days).fill(undefined);
  for (let i = 0; i < days; i++) {
    sold[i] = daily.sold[i] as number;
    const lost = daily.lost[i] as number;
    if (!Number.isNaN(lost)) given[i] = lost;
    const stockout = daily.stockout[i] as number;
    const onHand = daily.onHand[i] as number;
    status[i] = !Number.isNaN(stockout)
      ? stockout === 0
      : !Number.isNaN(onHand)
        ? onHand > 0
        : undefined;
  }
  const inStockSales = sold.filter((_, i) => status[i] === true);
  const slow = isSlowMover(inStockSales);
  // The whole window's in-stock days, summarised once: most out-of-stock days of a slow mover use them.
  const whole = salesBasis(inStockSales);
  const lost = new Array<number>(days).fill(0);
  let unestimated = 0;
  let estimated = 0;
  let estimatedUnits = 0;
  for (let i = 0; i < days; i++) {
    const g = given[i];
    if (g !== null && g !== undefined) {
      lost[i] = g;
      continue;
    }
    if (status[i] !== false) continue;
    const nearby: number[] = [];
    if (!slow)
      for (let j = Math.max(0, i - NEARBY_DAYS); j <= Math.min(days - 1, i + NEARBY_DAYS); j++) {
        if (status[j] === true) nearby.push(sold[j] as number);
      }
    const basis = nearby.length > 0 ? salesBasis(nearby) : whole;
    if (!basis) {
      unestimated++;
      continue;
    }
    lost[i] = lostDemand(basis, sold[i] as number);
    estimatedUnits += lost[i] as number;
    estimated++;
  }
  const demand = sold.map((s, i) => s + (lost[i] as number));
  return { sold, lost, demand, status, unestimated, estimated, estimatedUnits };
}

/**
 * The variance a count model takes: the sample variance only where it is clearly above the mean
 * (the index of dispersion beyond two standard errors, 2·√(2/(n − 1))); otherwise the mean, a
 * Poisson. A handful of days cannot tell overdispersion from noise, and a spurious negative
 * binomial inflates every estimate of lost demand.
 */
function countVariance({ n, mu, sd }: SalesBasis): number {
  if (sd === undefined || n < 3) return mu;
  const variance = sd * sd;
  return variance > mu * (1 + 2 * Math.sqrt(2 / (n - 1))) ? variance : mu;
}

/** What the estimate of a day's demand is learnt from: in-stock sales, summarised. */
export interface SalesBasis {
  n: number;
  mu: number;
  /** Sample standard deviation, from three days on. */
  sd: number | undefined;
  /** Every sale a whole number of units. */
  whole: boolean;
}

export function salesBasis(sales: readonly number[]): SalesBasis | undefined {
  const mu = mean(sales);
  if (mu === undefined) return undefined;
  const sd = sales.length >= 3 ? sampleStd(sales) : undefined;
  return { n: sales.length, mu, sd, whole: sales.every(Number.isInteger) };
}

/** Sales in whole units at a slow mover's rate (SLOW_MOVER_BELOW). */
function isSlowMover(inStockSales: readonly number[]): boolean {
  const mu = mean(inStockSales);
  return mu !== undefined && mu < SLOW_MOVER_BELOW && inStockSales.every(Number.isInteger);
}

/** E[D − sold | D ≥ sold] on a day out of stock, from the in-stock sales around it. */
export function lostDemand(basis: SalesBasis, sold: number): number {
  const { mu, sd } = basis;
  if (sold <= 0) return mu;
  const counts = mu < COUNT_MODEL_BELOW && Number.isInteger(sold) && basis.whole;
  if (counts) return countExcess(mu, countVariance(basis), sold);
  const sigma = sd !== undefined && sd > 0 ? sd : Math.sqrt(Math.max(mu, sold, 1e-9));
  return expectedExcess(mu, sigma, sold);
}
