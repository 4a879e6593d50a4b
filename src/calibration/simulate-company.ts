/**
 * A company with known truth, for calibrating the findings: SKUs in three segments simulated day
 * by day — overseas SKUs with a 75-day lead time, fast domestic SKUs with a steady weekly demand,
 * slow movers that sell a unit now and then — under a weekly order-up-to policy, with every
 * day's true demand kept, so that what the tool estimates can be scored against what happened.
 * An episode (a lead-time shift for orders placed from a known day, or a jump in demand
 * variability from a known day) can be injected; without one the company is calm. Planners
 * (two a line) accept most recommendations and override OVERRIDE_CHANCE of them, up or down
 * alike; EXPEDITE_CHANCE of orders are expedited (shorter lead time) — a steady rate, so none of
 * the warning signals is true of a calm company. Pure: a seed and a shape in, observations and
 * truth out.
 */
import { dateOfDay, dayNumber } from "../dates.js";
import type { DailyObservation, SkuHistory } from "../metrics/observations.js";
import { Random } from "../stats/random.js";

export type CalibrationLine = "overseas" | "domestic" | "slow";

export interface Episode {
  /** Day index (from the first simulated day) the change starts. */
  from: number;
  /** Lead times of overseas orders placed from `from` are multiplied by this. */
  leadTimeFactor?: number;
  /** From `from`, domestic SKUs' weekly demand shock has this log-scale deviation instead. */
  demandShock?: number;
  /** From `from`, domestic orders are expedited with this chance instead of EXPEDITE_CHANCE. */
  expediteChance?: number;
  /** From `from`, this planner overrides with this chance (a habit forming). */
  overrider?: { planner: string; chance: number };
  /** For `weeks` weeks from `from`, every planner cuts this share of recommendations by 20–50%. */
  cut?: { weeks: number; chance: number };
}

export interface CompanyOptions {
  seed: number;
  /** Days simulated; the first day is `start`. */
  days: number;
  start: string;
  skus: { overseas: number; domestic: number; slow: number };
  episode?: Episode;
}

/** What is true of the company, whatever the tool says. */
export interface Truth {
  /** Mean lead time of overseas orders before any shift. */
  overseasLeadDays: number;
  /** The weekly demand CV of a domestic SKU before any change (its expected value). */
  domesticWeeklyCv: number;
  /** For each SKU, its true demand each day (sales plus what stockouts lost). */
  demand: ReadonlyMap<string, Float64Array>;
}

export interface Company {
  skus: SkuHistory[];
  lines: ReadonlyMap<string, CalibrationLine>;
  truth: Truth;
}

export const OVERSEAS_LEAD_DAYS = 75;
const LEAD_SPREAD = 0.1;
/** Domestic demand: a mean of 12 a day, and a weekly shock of this log-scale deviation. */
const DOMESTIC_MEAN = 12;
export const DOMESTIC_SHOCK = 0.2;
const REVIEW_DAYS = 7;
/** A planner overrides this share of recommendations, by 20–50% up or down. */
export const OVERRIDE_CHANCE = 0.12;
/** This share of orders is expedited, arriving in EXPEDITED_LEAD of the lead time. */
export const EXPEDITE_CHANCE = 0.05;
const EXPEDITED_LEAD = 0.6;

interface Spec {
  sku: string;
  line: CalibrationLine;
  mean: number;
  leadDays: number;
  /** Order-up-to cover in days of mean demand beyond the lead time and review period. */
  safetyDays: number;
  /** The weekday (0–6 from the first day) it is reviewed on. */
  phase: number;
}

function specs(options: CompanyOptions): Spec[] {
  const out: Spec[] = [];
  const { overseas, domestic, slow } = options.skus;
  for (let k = 0; k < overseas; k++)
    out.push({
      sku: `O${k}`,
      line: "overseas",
      mean: 6,
      leadDays: OVERSEAS_LEAD_DAYS,
      safetyDays: 12,
      phase: k % 7,
    });
  for (let k = 0; k < domestic; k++)
    out.push({
      sku: `D${k}`,
      line: "domestic",
      mean: DOMESTIC_MEAN,
      leadDays: 14,
      safetyDays: 4,
      phase: k % 7,
    });
  for (let k = 0; k < slow; k++) {
    const r = Random.derive(options.seed, "slow-mean", k);
    // Slow movers: 0.2–1.5 units a day, stocked thinly, so stockouts censor their sales.
    out.push({
      sku: `S${k}`,
      line: "slow",
      mean: r.uniform(0.2, 1.5),
      leadDays: 21,
      safetyDays: 2,
      phase: k % 7,
    });
  }
  return out;
}

/** The expected weekly CV of a domestic SKU: Poisson days under a log-normal weekly shock. */
export function weeklyCv(mean: number, shock: number): number {
  const weekly = 7 * mean;
  const shockVariance = Math.exp(shock * shock) - 1;
  return Math.sqrt(1 / weekly + shockVariance);
}

export function simulateCompany(options: CompanyOptions): Company {
  const lines = new Map<string, CalibrationLine>();
  const demand = new Map<string, Float64Array>();
  const skus = specs(options).map((spec) => {
    lines.set(spec.sku, spec.line);
    const { observations, trueDemand } = simulateSku(spec, options);
    demand.set(spec.sku, trueDemand);
    return observations;
  });
  return {
    skus,
    lines,
    truth: {
      overseasLeadDays: OVERSEAS_LEAD_DAYS * Math.exp((LEAD_SPREAD * LEAD_SPREAD) / 2),
      domesticWeeklyCv: weeklyCv(DOMESTIC_MEAN, DOMESTIC_SHOCK),
      demand,
    },
  };
}

interface Open {
  po: string;
  ordered: number;
  arrival: number;
  qty: number;
}

/**
 * What the planner orders: the recommendation, or now and then 20–50% more or less; in a cut,
 * 20–50% less more often; a planner forming a habit overrides more often.
 */
function plannersOrder(
  r: Random,
  recommended: number,
  context: { t: number; planner: string; episode: Episode | undefined },
): number {
  const { t, planner, episode } = context;
  const started = episode !== undefined && t >= episode.from;
  const cutting = started && episode.cut !== undefined && t < episode.from + 7 * episode.cut.weeks;
  if (cutting && r.chance(episode.cut?.chance ?? 0))
    return Math.round(recommended * (1 - r.uniform(0.2, 0.5)));
  const habit = started && episode.overrider?.planner === planner;
  if (!r.chance(habit ? (episode.overrider?.chance ?? 0) : OVERRIDE_CHANCE)) return recommended;
  return Math.round(recommended * (1 + (r.chance(0.5) ? 1 : -1) * r.uniform(0.2, 0.5)));
}

/** Whether an order placed on day t is expedited. */
function isExpedited(r: Random, spec: Spec, t: number, episode: Episode | undefined): boolean {
  const surge =
    spec.line === "domestic" && episode?.expediteChance !== undefined && t >= episode.from;
  return r.chance(surge ? (episode.expediteChance ?? 0) : EXPEDITE_CHANCE);
}

/** The day an order placed on day t arrives. */
function arrival(r: Random, spec: Spec, t: number, expedited: boolean, episode?: Episode): number {
  let lead = spec.leadDays * r.lognormal(LEAD_SPREAD) * (expedited ? EXPEDITED_LEAD : 1);
  if (spec.line === "overseas" && episode?.leadTimeFactor !== undefined && t >= episode.from)
    lead *= episode.leadTimeFactor;
  return t + Math.max(1, Math.round(lead));
}

/** The units of the open orders that arrive on day t, taken off the open list. */
function receive(open: Open[], t: number): number {
  let units = 0;
  for (let i = open.length - 1; i >= 0; i--) {
    const o = open[i] as Open;
    if (o.arrival !== t) continue;
    units += o.qty;
    open.splice(i, 1);
  }
  return units;
}

function simulateSku(
  spec: Spec,
  options: CompanyOptions,
): { observations: SkuHistory; trueDemand: Float64Array } {
  const r = Random.derive(options.seed, "calibration", spec.sku);
  const first = dayNumber(options.start);
  const trueDemand = new Float64Array(options.days);
  const daily: DailyObservation[] = [];
  const purchaseOrders: SkuHistory["purchaseOrders"] = [];
  const decisions: SkuHistory["decisions"] = [];
  const planner = `${spec.line}-${spec.phase % 2 === 0 ? "a" : "b"}`;
  const open: Open[] = [];
  const upTo = spec.mean * (spec.leadDays + REVIEW_DAYS + spec.safetyDays);
  let onHand = Math.round(upTo);
  let shock = 1;
  const episode = options.episode;
  for (let t = 0; t < options.days; t++) {
    onHand += receive(open, t);
    // The weekly shock changes on the first day of each week (the simulation starts on a Monday).
    if (t % 7 === 0 && spec.line === "domestic") {
      const sd =
        episode?.demandShock !== undefined && t >= episode.from
          ? episode.demandShock
          : DOMESTIC_SHOCK;
      shock = r.lognormal(sd) * Math.exp(-(sd * sd) / 2);
    }
    const d = r.poisson(spec.mean * (spec.line === "domestic" ? shock : 1));
    trueDemand[t] = d;
    const sold = Math.min(d, onHand);
    onHand -= sold;
    daily.push({
      date: dateOfDay(first + t),
      sold,
      onHand,
      stockout: sold < d || onHand === 0 ? 1 : 0,
      lost: null,
    });
    if (t % REVIEW_DAYS !== spec.phase) continue;
    const position = onHand + open.reduce((s, o) => s + o.qty, 0);
    const recommended = Math.max(0, Math.round(upTo - position));
    const qty = plannersOrder(r, recommended, { t, planner, episode });
    if (recommended > 0)
      decisions.push({ date: dateOfDay(first + t), recommended, ordered: qty, planner });
    if (qty === 0) continue;
    const expedited = isExpedited(r, spec, t, episode);
    const order = {
      po: `${spec.sku}-${t}`,
      ordered: t,
      arrival: arrival(r, spec, t, expedited, episode),
      qty,
    };
    open.push(order);
    purchaseOrders.push({
      po: order.po,
      ordered: dateOfDay(first + t),
      expected: dateOfDay(first + t + spec.leadDays),
      received: order.arrival < options.days ? dateOfDay(first + order.arrival) : null,
      qty,
      expedited: expedited ? 1 : 0,
    });
  }
  return {
    observations: {
      sku: spec.sku,
      columns: { sku: spec.sku, line: spec.line, unit_cost: 1, lead_time_days: spec.leadDays },
      unitCost: 1,
      unitPrice: 2,
      plannedLeadTimeDays: spec.leadDays,
      daily,
      purchaseOrders,
      decisions,
      forecasts: [],
      expediteEvents: 0,
    },
    trueDemand,
  };
}
