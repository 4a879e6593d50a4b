/**
 * Lead times as survival data. The orders placed in the window are one cohort: an order received
 * by the as-of date took `time` days; an order still open has run `time` days so far and is
 * censored there, never counted as if it had arrived. The cohort's lead time is the Kaplan–Meier
 * restricted mean (a lower bound while orders are open), and the share of orders beyond a bound
 * is counted on the orders placed long enough ago to know. Pure.
 */
import { dayNumber } from "../dates.js";
import type {
  MetricWindow,
  NotMeasurable,
  NumericMetric,
  PurchaseOrderObservation,
} from "./observations.js";
import { restrictedMean } from "../stats/survival.js";
import { Z95 } from "../stats/stats.js";

/** One order placed in the window, followed up to the as-of date. */
export interface OrderLead {
  /** Days from order to receipt, or to the as-of date while it is open. */
  time: number;
  /** Received by the as-of date. */
  event: boolean;
  /** Days from order to the as-of date: how long it has been followed. */
  followUp: number;
}

/** The orders placed inside the window, each received (an event) or still open (censored). */
export function placedOrders(
  orders: readonly PurchaseOrderObservation[],
  window: MetricWindow,
): OrderLead[] {
  const from = dayNumber(window.from);
  const asOf = dayNumber(window.to);
  const placed: OrderLead[] = [];
  for (const po of orders) {
    const ordered = dayNumber(po.ordered);
    if (ordered < from || ordered > asOf) continue;
    const received = po.received === null ? undefined : dayNumber(po.received);
    const followUp = asOf - ordered;
    placed.push(
      received !== undefined && received <= asOf
        ? { time: received - ordered, event: true, followUp }
        : { time: followUp, event: false, followUp },
    );
  }
  return placed;
}

/** Receipts the restricted mean needs before it is given an interval. */
const MIN_RECEIPTS = 2;

export const NO_ORDERS = "no purchase order placed in the window";

/** Shared by every SKU without orders in the window (frozen: nobody may change it). */
const NO_ORDERS_METRIC: NotMeasurable = Object.freeze({ value: null, n: 0, reason: NO_ORDERS });

/** The cohort's lead time: the restricted mean, its 95% interval, orders as n. */
export function leadTimeMetric(orders: readonly OrderLead[], clusters?: number): NumericMetric {
  const rm = restrictedMean(orders);
  if (!rm) return NO_ORDERS_METRIC;
  const half = Z95 * Math.sqrt(rm.variance);
  return {
    value: rm.value,
    n: orders.length,
    ...(clusters !== undefined ? { clusters } : {}),
    ...(rm.events >= MIN_RECEIPTS ? { interval: [rm.value - half, rm.value + half] } : {}),
  };
}

/**
 * Of the orders followed for at least `bound` days, how many took (or have taken so far) longer.
 * Orders placed more recently are left out whether received or not: counting the quick ones that
 * already arrived and not the slow ones would bias the share down.
 */
export function beyondBound(
  orders: readonly OrderLead[],
  bound: number,
): { beyond: number; followed: number } {
  let beyond = 0;
  let followed = 0;
  for (const o of orders) {
    if (o.followUp < bound) continue;
    followed++;
    if (!o.event || o.time > bound) beyond++;
  }
  return { beyond, followed };
}
