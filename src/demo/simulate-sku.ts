/**
 * One SKU's two years, day by day: demand (seasons, promotions, trends, intermittency), sales
 * capped by stock, weekly (R, S) recommendations, planners who follow or override them,
 * purchase orders with real lead-time variability, and expedites when a stockout looms.
 * Pure: the SKU's spec, the calendar and the episodes in, rows out through the sink.
 */
import type { SkuSpec } from "./demo-company.js";
import { Random } from "../stats/random.js";

export interface Calendar {
  /** Date of every simulated day, burn-in first. */
  dates: readonly string[];
  /** Index of the first day written. */
  firstWritten: number;
}

export interface Episodes {
  /** Overseas shipments due on or after this day index arrive 25–40 days late. */
  portCongestionFrom?: number;
  /** This planner overrides about half of the recommendations upwards, out of habit. */
  habitualOverrider?: string;
}

export interface DemoSink {
  daily(row: [string, string, number, number, number]): void;
  forecast(row: [string, string, number]): void;
  decision(row: [string, string, number, number, string, string, string]): void;
  purchaseOrder(
    row: [string, string, string, number, string, string, number | null, number, string],
  ): void;
  event(row: [string, string, string, number, string]): void;
}

interface OpenOrder {
  po: string;
  ordered: number;
  qty: number;
  expected: number;
  arrival: number;
  expedited: boolean;
  shortBy: number;
}

/** Days past the last day of data that the forecast covers. */
export const FORECAST_AHEAD_DAYS = 182;

const HERO_MONTH = [0.3, 0.3, 0.35, 0.35, 0.4, 0.4, 0.45, 0.55, 0.8, 1.4, 3.5, 5];

export function simulateSku(
  spec: SkuSpec,
  calendar: Calendar,
  episodes: Episodes,
  seed: number,
  sink: DemoSink,
): void {
  const r = Random.derive(seed, "demand", spec.sku);
  const plan = Random.derive(seed, "plan", spec.sku);
  // Episodes draw from streams of their own, so turning them off changes nothing else.
  const habit = Random.derive(seed, "habit", spec.sku);
  const congestion = Random.derive(seed, "congestion", spec.sku);
  const { dates, firstWritten } = calendar;
  const days = dates.length;
  const forecastBias = Math.exp(spec.forecastError * 0.3 * plan.normal());
  const dateAt = (t: number): string =>
    t < days ? (dates[t] as string) : addDays(dates[days - 1] as string, t - days + 1);
  // Past the last day the planner's own order-up-to keeps the last day's season (as it always has).
  const mean = (t: number): number =>
    spec.baseDemand * season(spec, dates[Math.min(t, days - 1)] as string, t, days);
  const meanOn = (t: number): number => spec.baseDemand * season(spec, dateAt(t), t, days);
  const variance = (t: number): number => {
    const m = mean(t) * (spec.line === "tail" ? spec.demandChance + 0.3 : 1);
    return m + (spec.noise * m) ** 2;
  };
  const expected = (t: number): number =>
    spec.line === "tail" ? spec.demandChance * (spec.baseDemand + 1) : mean(t);
  const orderUpTo = (t: number): number => {
    let demand = 0;
    let v = 0;
    for (let k = 1; k <= spec.plannedLeadDays + spec.reviewDays; k++) {
      demand += expected(t + k) * forecastBias;
      v += variance(t + k);
    }
    return demand + spec.z * Math.sqrt(v);
  };

  let onHand = Math.round(spec.line === "clearance" ? spec.baseDemand * 600 : orderUpTo(0));
  let poCount = 0;
  const open: OpenOrder[] = [];
  const closed: { order: OpenOrder; received: number | null }[] = [];
  const phase = spec.index % spec.reviewDays;

  for (let t = 0; t < days; t++) {
    const date = dates[t] as string;
    const written = t >= firstWritten;
    for (let i = open.length - 1; i >= 0; i--) {
      const o = open[i] as OpenOrder;
      if (o.arrival === t) {
        onHand += o.qty - o.shortBy;
        closed.push({ order: o, received: t });
        open.splice(i, 1);
      }
    }
    const demand =
      spec.line === "tail"
        ? r.chance(spec.demandChance)
          ? 1 + r.poisson(spec.baseDemand - 1)
          : 0
        : r.poisson(mean(t) * r.lognormal(spec.noise));
    const sold = Math.min(demand, onHand);
    onHand -= sold;
    if (written) {
      sink.daily([date, spec.sku, sold, onHand, onHand === 0 || sold < demand ? 1 : 0]);
      const lag = spec.line === "trend" ? 10 : 0;
      const f =
        expected(Math.max(0, t - lag)) *
        forecastBias *
        Math.exp(spec.forecastError * plan.normal());
      sink.forecast([date, spec.sku, round1(f)]);
    }
    if (spec.planner === null) continue; // clearance: run down, never reordered

    // A stockout looms: pull the next order forward by air or express, at a price.
    const next = open.reduce<OpenOrder | undefined>(
      (a, o) => (!a || o.arrival < a.arrival ? o : a),
      undefined,
    );
    if (
      next &&
      !next.expedited &&
      onHand < 2 * expected(t) &&
      next.arrival > t + (spec.overseas ? 10 : 4) &&
      plan.chance(0.5)
    ) {
      next.arrival = t + (spec.overseas ? 8 : 3);
      next.expedited = true;
      if (written)
        sink.event([
          date,
          "expedite",
          spec.sku,
          Math.round(next.qty * spec.unitCost * (spec.overseas ? 0.3 : 0.08)),
          `${next.po} pulled forward`,
        ]);
    }

    if (t % spec.reviewDays !== phase) continue;
    const position = onHand + open.reduce((s, o) => s + o.qty - o.shortBy, 0);
    let recommended = Math.max(0, orderUpTo(t) - position);
    recommended =
      recommended > 0
        ? Math.max(spec.moq, Math.ceil(recommended / spec.casePack) * spec.casePack)
        : 0;
    let ordered = recommended;
    let reason = "";
    if (recommended > 0) {
      if (episodes.habitualOverrider === spec.planner && habit.chance(0.55)) {
        ordered =
          Math.ceil((recommended * (1.3 + 0.5 * habit.next())) / spec.casePack) * spec.casePack;
        reason = "gut feel";
      } else if (plan.chance(0.05)) {
        const up = plan.chance(0.5);
        ordered =
          Math.ceil(
            (recommended * (up ? 1.2 + 0.2 * plan.next() : 0.65 + 0.15 * plan.next())) /
              spec.casePack,
          ) * spec.casePack;
        reason = up ? "promo coming" : "slow seller";
      }
    }
    if (written && (recommended > 0 || ordered > 0)) {
      sink.decision([
        date,
        spec.sku,
        recommended,
        ordered,
        spec.planner,
        reason,
        String(policyVersion(spec)),
      ]);
    }
    if (ordered > 0) {
      let lead = Math.max(1, Math.round(spec.plannedLeadDays * r.lognormal(spec.leadSpread)));
      if (
        spec.overseas &&
        episodes.portCongestionFrom !== undefined &&
        t + lead >= episodes.portCongestionFrom
      )
        lead += 25 + congestion.int(0, 15);
      poCount++;
      open.push({
        po: `PO-${spec.sku}-${String(poCount).padStart(3, "0")}`,
        ordered: t,
        qty: ordered,
        expected: t + spec.plannedLeadDays,
        arrival: t + lead,
        expedited: false,
        shortBy: r.chance(0.03) ? Math.floor(ordered * 0.05) : 0,
      });
    }
  }
  // The forecast as it stands on the last day, for the days ahead (its own stream).
  const ahead = Random.derive(seed, "forecast-ahead", spec.sku);
  for (let t = days; t < days + FORECAST_AHEAD_DAYS; t++) {
    const lag = spec.line === "trend" ? 10 : 0;
    const e = spec.line === "tail" ? spec.demandChance * (spec.baseDemand + 1) : meanOn(t - lag);
    const f = e * forecastBias * Math.exp(spec.forecastError * ahead.normal());
    sink.forecast([dateAt(t), spec.sku, round1(f)]);
  }
  const last = days - 1;
  for (const { order, received } of [
    ...closed,
    ...open.map((order) => ({ order, received: null })),
  ]) {
    if (order.arrival < firstWritten && received !== null) continue; // history before the data starts
    sink.purchaseOrder([
      order.po,
      spec.sku,
      dates[order.ordered] as string,
      order.qty,
      order.expected <= last
        ? (dates[order.expected] as string)
        : addDays(dates[last] as string, order.expected - last),
      received === null ? "" : (dates[received] as string),
      received === null ? null : order.qty - order.shortBy,
      order.expedited ? 1 : 0,
      spec.supplier,
    ]);
  }
}

function season(spec: SkuSpec, date: string, t: number, days: number): number {
  const month = Number(date.slice(5, 7));
  const day = Number(date.slice(8, 10));
  switch (spec.line) {
    case "core": {
      const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
      let f = weekday === 0 || weekday === 6 ? 1.25 : 0.9;
      if (month === 11) f *= 1.25;
      if (month === 12 && day <= 24) f *= 1.45;
      if (spec.promoDays.some((p) => t >= p && t < p + 7)) f *= 1.8;
      return f;
    }
    case "hero":
      return month === 12 && day > 24 ? 0.5 : (HERO_MONTH[month - 1] ?? 1);
    case "trend":
      return 0.05 + Math.exp(-(((t - spec.peakDay) / 45) ** 2));
    case "tail":
      return 1;
    case "clearance":
      // Run down to nothing: past the data (the forecast ahead) it never turns negative.
      return Math.max(0, 1 - (0.7 * t) / days);
  }
}

function policyVersion(spec: SkuSpec): number {
  return { core: 4, hero: 7, trend: 2, tail: 3, clearance: 1 }[spec.line];
}

function addDays(date: string, n: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
