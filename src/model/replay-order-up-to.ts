/**
 * Replays an order-up-to (R, S) policy day by day over a real demand series and real lead
 * times: what the policy would have done. Pure and deterministic.
 *
 * Conventions:
 * - The replay starts in steady state: inventory position S (the first day's, when S varies),
 *   of which the first lead time's
 *   demand (d·L, d the given demand mean) is in transit, in lots of d·R arriving on days L,
 *   L − R, L − 2R, … (days counted from 1; the last lot smaller), and the rest on hand.
 * - Each day: orders due arrive first; demand is served from stock; demand that finds no stock
 *   is lost (as the censored sales of the data were). A stockout day is a day with unmet demand.
 * - At the end of every R-th day, starting with the first, the policy orders S − (on hand + in
 *   transit) when that is positive. The n-th order takes the n-th of the given lead times
 *   (cycling through them), rounded to whole days, at least one.
 * - Mean on hand is over the ends of days.
 */
import { maxOf } from "../collections.js";
export interface ReplayInput {
  /** Demand a day. */
  demand: ArrayLike<number>;
  /** Lead times in days, in the order orders will take them; at least one. */
  leadTimes: readonly number[];
  /** S: one level, or one a day (a policy that follows the calendar). */
  orderUpTo: number | ArrayLike<number>;
  reviewPeriodDays: number;
  unitCost: number;
  /** Demand a day the in-transit start is sized with (default: the series' mean). */
  demandMean?: number;
}

export interface ReplayResult {
  days: number;
  demand: number;
  sold: number;
  /** sold ÷ demand; null without demand. */
  fillRate: number | null;
  stockoutDays: number;
  orders: number;
  meanOnHand: number;
  meanCapital: number;
}

export function replayOrderUpTo(input: ReplayInput): ReplayResult {
  const { demand, leadTimes, unitCost } = input;
  const levels = input.orderUpTo;
  const sAt = (t: number): number =>
    typeof levels === "number" ? levels : ((levels[t] ?? levels[levels.length - 1]) as number);
  const r = Math.max(1, Math.round(input.reviewPeriodDays));
  const days = demand.length;
  if (leadTimes.length === 0) throw new RangeError("replay needs at least one lead time");
  const lead = (i: number): number =>
    Math.max(1, Math.round(leadTimes[i % leadTimes.length] as number));
  let total = 0;
  for (let t = 0; t < days; t++) total += demand[t] as number;
  const d = input.demandMean ?? (days > 0 ? total / days : 0);
  const firstLead = lead(0);
  const horizon = days + maxOf(leadTimes.map((_, i) => lead(i))) + firstLead + 2;
  const arriving = new Float64Array(horizon);
  // steady state: the first lead time's demand in transit, the rest of S on hand
  let inTransit = 0;
  for (let t = firstLead; t > 0; t -= r) {
    const qty = d * Math.min(r, t);
    arriving[t - 1] = (arriving[t - 1] ?? 0) + qty;
    inTransit += qty;
  }
  let onHand = Math.max(0, sAt(0) - inTransit);
  let sold = 0;
  let stockoutDays = 0;
  let orders = 0;
  let onHandSum = 0;
  for (let t = 0; t < days; t++) {
    const arrival = arriving[t] as number;
    onHand += arrival;
    inTransit -= arrival;
    const want = demand[t] as number;
    const served = want < onHand ? want : onHand;
    sold += served;
    onHand -= served;
    if (want - served > 1e-9) stockoutDays++;
    if (t % r === 0) {
      const qty = sAt(t) - onHand - inTransit;
      if (qty > 1e-9) {
        const due = t + lead(orders);
        orders++;
        if (due < horizon) arriving[due] = (arriving[due] ?? 0) + qty;
        inTransit += qty;
      }
    }
    onHandSum += onHand;
  }
  const meanOnHand = days > 0 ? onHandSum / days : 0;
  return {
    days,
    demand: total,
    sold,
    fillRate: total > 0 ? sold / total : null,
    stockoutDays,
    orders,
    meanOnHand,
    meanCapital: meanOnHand * unitCost,
  };
}
