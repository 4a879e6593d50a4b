/**
 * The (R, S) policy when S follows the calendar: at every review, order up to the expected
 * demand over the coming protection interval (R + L days of the forward series: a forecast or
 * last year's same weeks) plus k·σ, where σ scales with that demand by the forward series' own
 * measured error over protection intervals; k meets the fill-rate target on the review cycle the
 * order protects (the R days after the lead time). Inside a seasonal build window the position
 * covers at least the lead time and `coverWeeks` of forward demand. Pure.
 *
 * Without a measurable error (fewer than MIN_ERROR_INTERVALS intervals), or when `error` is
 * "daily", σ is the textbook √(P·σd² + d²·σL²) with the daily deviation.
 */
import { dateOfDay } from "../dates.js";
import type { SeasonalBuild } from "../types.js";
import { safetyFactorForFillRate, standardNormalLoss } from "./normal.js";

export interface ForwardPlanInput {
  /**
   * Actual demand a day over the window: what the forward series' error is measured on (with
   * `error: "daily"` none is, and it may be empty: `days` says the window's length).
   */
  demand: ArrayLike<number>;
  /** Days of the window (default: demand's length). */
  days?: number;
  /** Expected demand a day over the window's days, then days past it; NaN where unknown. */
  forward: ArrayLike<number>;
  /** Expected demand a day where `forward` has none (the window's mean). */
  fallback: number;
  /** Deviation of daily demand, for σ when the forward error is not measured. */
  demandStd: number;
  leadTimeMean: number;
  leadTimeStd: number;
  unitCost: number;
  /** Day number of the window's first day: the build windows' calendar. */
  firstDay: number;
  /** "measured" (default): σ from the forward series' error; "daily": from demandStd. */
  error?: "measured" | "daily";
}

export interface ForwardTargets {
  fillRate: number;
  reviewPeriodDays: number;
  seasonalBuild?: readonly SeasonalBuild[];
}

export interface ForwardPlan {
  /** S each day of the window (what a review that day orders up to). */
  orderUpTo: Float64Array;
  /** Root-mean-square relative error of forward demand over a protection interval; null if not measured. */
  errorCv: number | null;
  /** Served ÷ demand the formula expects over the window's reviews; null without demand. */
  expectedFillRate: number | null;
  meanOnHand: number;
  capital: number;
  /** Mean daily forward demand over the first lead time: the pipeline a replay starts with. */
  startDemand: number;
}

/** Protection intervals the forward error needs before it is trusted over the daily deviation. */
export const MIN_ERROR_INTERVALS = 30;
const MAX_FILL_RATE = 0.9999;

/** Sums of the forward series (fallback where unknown) over day ranges, by prefix sums. */
function forwardSums(forward: ArrayLike<number>, fallback: number, length: number) {
  const cum = new Float64Array(length + 1);
  for (let i = 0; i < length; i++) {
    const f = i < forward.length ? (forward[i] as number) : NaN;
    cum[i + 1] = (cum[i] as number) + (Number.isFinite(f) ? f : fallback);
  }
  /** Σ over days a..b (inclusive, 0-based), fallback past the end. */
  return (a: number, b: number): number => {
    const hi = Math.min(b, length - 1);
    const inside = hi >= a ? (cum[hi + 1] as number) - (cum[a] as number) : 0;
    return inside + Math.max(0, b - Math.max(a, length) + 1) * fallback;
  };
}

/** RMS of Σactual ÷ Σexpected − 1 over every P-day interval of the window; null if too few. */
export function forwardErrorCv(
  demand: ArrayLike<number>,
  sumOf: (a: number, b: number) => number,
  p: number,
): number | null {
  const cum = new Float64Array(demand.length + 1);
  for (let i = 0; i < demand.length; i++) cum[i + 1] = (cum[i] as number) + (demand[i] as number);
  let squares = 0;
  let n = 0;
  for (let t = 0; t + p <= demand.length; t++) {
    const expected = sumOf(t, t + p - 1);
    if (!(expected > 0)) continue;
    const rel = ((cum[t + p] as number) - (cum[t] as number)) / expected - 1;
    squares += rel * rel;
    n++;
  }
  return n >= MIN_ERROR_INTERVALS ? Math.sqrt(squares / n) : null;
}

/** Whether MM-DD `day` lies in the build window (wrapping the year end when to < from). */
export function inBuildWindow(day: string, build: SeasonalBuild): boolean {
  return build.from <= build.to
    ? day >= build.from && day <= build.to
    : day >= build.from || day <= build.to;
}

export function forwardPlan(input: ForwardPlanInput, targets: ForwardTargets): ForwardPlan {
  const days = input.days ?? input.demand.length;
  const l = Math.max(1, Math.round(input.leadTimeMean));
  const r = Math.max(1, Math.round(targets.reviewPeriodDays));
  const p = r + l;
  const builds = targets.seasonalBuild ?? [];
  const longest = Math.max(p, ...builds.map((b) => l + Math.ceil(7 * b.coverWeeks)));
  const sumOf = forwardSums(input.forward, input.fallback, days + longest + 1);
  const errorCv = input.error === "daily" ? null : forwardErrorCv(input.demand, sumOf, p);
  const beta = Math.min(targets.fillRate, MAX_FILL_RATE);
  const sigmaOf = (mu: number): number => {
    const demandVar =
      errorCv === null ? p * input.demandStd ** 2 : Math.max((errorCv * mu) ** 2, mu);
    return Math.sqrt(demandVar + (mu / p) ** 2 * input.leadTimeStd ** 2);
  };
  const orderUpTo = new Float64Array(days);
  let onHandSum = 0;
  let cycleSum = 0;
  let shortSum = 0;
  // Where forward demand is flat (the fallback, a flat forecast) every day has the same q and σ:
  // k and the shortfall are solved once for them, not once a day.
  let solvedQ = NaN;
  let solvedSigma = NaN;
  let k = 0;
  let short = 0;
  for (let t = 0; t < days; t++) {
    const mu = sumOf(t + 1, t + p);
    const q = sumOf(t + l + 1, t + p);
    const sigma = sigmaOf(mu);
    if (q !== solvedQ || sigma !== solvedSigma) {
      k =
        q > 0 && sigma > 0
          ? safetyFactorForFillRate({ fillRate: beta, orderQuantity: q, sigma })
          : 0;
      short = sigma > 0 ? Math.min(q, sigma * standardNormalLoss(k)) : 0;
      solvedQ = q;
      solvedSigma = sigma;
    }
    const base = mu + k * sigma;
    const day = builds.length > 0 ? dateOfDay(input.firstDay + t).slice(5) : "";
    let s = base;
    for (const b of builds)
      if (inBuildWindow(day, b)) s = Math.max(s, sumOf(t + 1, t + l + Math.ceil(7 * b.coverWeeks)));
    orderUpTo[t] = s;
    onHandSum += Math.max(0, k * sigma + short + q / 2) + (s - base);
    if (t % r === 0) {
      cycleSum += q;
      shortSum += short;
    }
  }
  const meanOnHand = days > 0 ? onHandSum / days : 0;
  return {
    orderUpTo,
    errorCv,
    expectedFillRate: cycleSum > 0 ? 1 - shortSum / cycleSum : null,
    meanOnHand,
    capital: meanOnHand * input.unitCost,
    startDemand: sumOf(0, l - 1) / l,
  };
}
