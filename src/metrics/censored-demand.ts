/**
 * Daily demand of one SKU over a window, corrected for censoring: on a day out of stock, sales
 * are a lower bound of demand. Where `lost_units` is given it is used. Otherwise the day's demand
 * is taken as E[D | D ≥ sold] for D ~ Normal(μ, σ), with μ and σ the mean and standard deviation
 * of sales on in-stock days within ±7 days (σ = √μ below three such days; the whole window's
 * in-stock days when there are none nearby). The correction is always positive, so a SKU that
 * was out of stock never shows a fill rate of 1. Pure.
 */
import { dayNumber } from "../dates.js";
import type { DailyObservation, MetricWindow } from "./observations.js";
import { expectedExcess, mean, sampleStd } from "../stats/stats.js";

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
}

export const NEARBY_DAYS = 7;

export function windowDays(window: MetricWindow): number {
  return dayNumber(window.to) - dayNumber(window.from) + 1;
}

export function demandSeries(
  daily: readonly DailyObservation[],
  window: MetricWindow,
): DemandSeries {
  const days = windowDays(window);
  const first = dayNumber(window.from);
  const sold = new Array<number>(days).fill(0);
  const given = new Array<number | null>(days).fill(null);
  const status = new Array<StockStatus>(days).fill(undefined);
  for (const row of daily) {
    const i = dayNumber(row.date) - first;
    if (i < 0 || i >= days) continue;
    sold[i] = row.sold;
    given[i] = row.lost;
    status[i] =
      row.stockout !== null ? row.stockout === 0 : row.onHand !== null ? row.onHand > 0 : undefined;
  }
  const inStockSales = sold.filter((_, i) => status[i] === true);
  const lost = new Array<number>(days).fill(0);
  let unestimated = 0;
  let estimated = 0;
  for (let i = 0; i < days; i++) {
    const g = given[i];
    if (g !== null && g !== undefined) {
      lost[i] = g;
      continue;
    }
    if (status[i] !== false) continue;
    const nearby: number[] = [];
    for (let j = Math.max(0, i - NEARBY_DAYS); j <= Math.min(days - 1, i + NEARBY_DAYS); j++) {
      if (status[j] === true) nearby.push(sold[j] as number);
    }
    const basis = nearby.length > 0 ? nearby : inStockSales;
    const mu = mean(basis);
    if (mu === undefined) {
      unestimated++;
      continue;
    }
    const s = sold[i] as number;
    const sd = basis.length >= 3 ? sampleStd(basis) : undefined;
    const sigma = sd !== undefined && sd > 0 ? sd : Math.sqrt(Math.max(mu, s, 1e-9));
    lost[i] = expectedExcess(mu, sigma, s);
    estimated++;
  }
  const demand = sold.map((s, i) => s + (lost[i] as number));
  return { sold, lost, demand, status, unestimated, estimated };
}
