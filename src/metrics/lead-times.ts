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
import { durationTable, restrictedMeanOf } from "../stats/survival.js";
import type { DurationTable } from "../stats/survival.js";
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

/**
 * A SKU's orders as it keeps them: three whole numbers an order — its time, its follow-up, 1 if
 * received, else 0 — in the order placedOrders gives. An object an order took 56 bytes (52
 * orders a SKU of a year: 2.8 KB); this takes 12.
 */
export type PackedOrderLeads = Int32Array;

const NO_PACKED_ORDERS: PackedOrderLeads = new Int32Array(0);

export function packOrderLeads(orders: readonly OrderLead[]): PackedOrderLeads {
  if (orders.length === 0) return NO_PACKED_ORDERS;
  const packed = new Int32Array(orders.length * 3);
  orders.forEach((o, i) => {
    packed[3 * i] = o.time;
    packed[3 * i + 1] = o.followUp;
    packed[3 * i + 2] = o.event ? 1 : 0;
  });
  return packed;
}

/**
 * A cohort of orders: the packed orders of one SKU or of several, side by side (never copied
 * into one list: a segment's are those of its SKUs).
 */
export type OrderCohort = readonly PackedOrderLeads[];

/** Each order of the cohort, in order: its time, follow-up and whether it was received. */
function eachOrder(
  cohort: OrderCohort,
  visit: (time: number, followUp: number, event: boolean) => void,
): void {
  for (const p of cohort)
    for (let i = 0; i < p.length; i += 3) visit(p[i] as number, p[i + 1] as number, p[i + 2] === 1);
}

/** The cohort as survival data, counted by time (see durationTable). */
export function cohortTable(cohort: OrderCohort): DurationTable {
  return durationTable((add) => eachOrder(cohort, (time, _, event) => add(time, event)));
}

/** How many orders the cohort holds. */
export function cohortSize(cohort: OrderCohort): number {
  return cohort.reduce((t, p) => t + p.length / 3, 0);
}

/** How many of the orders are still open (not received by the as-of date). */
export function openOrderCount(packed: PackedOrderLeads): number {
  let open = 0;
  for (let i = 2; i < packed.length; i += 3) if (packed[i] === 0) open++;
  return open;
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
export function leadTimeMetric(orders: OrderCohort, clusters?: number): NumericMetric {
  const rm = restrictedMeanOf(cohortTable(orders));
  if (!rm) return NO_ORDERS_METRIC;
  const half = Z95 * Math.sqrt(rm.variance);
  return {
    value: rm.value,
    n: cohortSize(orders),
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
  orders: OrderCohort,
  bound: number,
): { beyond: number; followed: number } {
  let beyond = 0;
  let followed = 0;
  eachOrder(orders, (time, followUp, event) => {
    if (followUp < bound) return;
    followed++;
    if (!event || time > bound) beyond++;
  });
  return { beyond, followed };
}
