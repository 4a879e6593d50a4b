/**
 * A SKU's (R, S) plan under a segment's targets, on the demand basis the targets name: the
 * textbook level on the window's mean demand (`trailing`), or a level each day that follows the
 * forecast or last year's same weeks, with any seasonal build windows. What the implied capital,
 * the replay and the frontier all rest on. Pure.
 *
 * A forward basis needs the samples kept with `keep.ahead`; without them (or without a single
 * forecast) the plan falls back to the trailing mean and says so in `basis`.
 */
import { forwardPlan } from "../model/forward-plan.js";
import { orderUpToPlan } from "../model/order-up-to.js";
import type { DemandBasis, SegmentTargets } from "../types.js";
import { skuModelInputs } from "./model-inputs.js";
import type { SkuEvaluation } from "./sku-metrics.js";

export interface SkuPlan {
  /** S: one level, or one a day of the window. */
  orderUpTo: number | Float64Array;
  expectedFillRate: number | null;
  capital: number;
  /** Demand a day the replay's starting pipeline is sized with. */
  startDemand: number;
  leadTimes: number[];
  unitCost: number;
  /** The basis the plan rests on: the one asked for, or trailing where that had no data. */
  basis: DemandBasis;
  /** The forward series' error over a protection interval (RMS, relative); null if not measured. */
  errorCv: number | null;
}

/** Days either side of a day that last year's profile averages over (a week centred on it). */
const PROFILE_HALF_WIDTH = 3;

/** Last year's demand, averaged over the week centred on each day (NaN where no day is known). */
export function yearAgoProfile(yearAgo: Float64Array): Float64Array {
  const out = new Float64Array(yearAgo.length).fill(NaN);
  for (let i = 0; i < yearAgo.length; i++) {
    let total = 0;
    let n = 0;
    for (let j = i - PROFILE_HALF_WIDTH; j <= i + PROFILE_HALF_WIDTH; j++) {
      const v = j >= 0 && j < yearAgo.length ? (yearAgo[j] as number) : NaN;
      if (Number.isFinite(v)) {
        total += v;
        n++;
      }
    }
    if (n > 0) out[i] = total / n;
  }
  return out;
}

/** The forward series a basis reads, or undefined when the samples hold none of it. */
function forwardSeries(sku: SkuEvaluation, basis: DemandBasis): Float64Array | undefined {
  const series =
    basis === "forecast"
      ? sku.samples.dailyForecast
      : basis === "last-year"
        ? yearAgoProfile(sku.samples.yearAgoDemand)
        : undefined;
  return series && series.some((v) => Number.isFinite(v)) ? series : undefined;
}

/** The SKU's plan; undefined when it has no demand to plan for. */
export function skuPlan(sku: SkuEvaluation, targets: SegmentTargets): SkuPlan | undefined {
  const inputs = skuModelInputs(sku);
  if (!(inputs.demandMean > 0)) return undefined;
  const asked = targets.demandBasis ?? "trailing";
  const forward = forwardSeries(sku, asked);
  const basis = forward ? asked : "trailing";
  // Each literal in full, not a spread and then new keys: V8 11 (Node 20) gives every object
  // made as `{ ...a, b }` a hidden class of its own, 60 MB of them at 50k SKUs (see ARCHITECTURE).
  if (!forward && !targets.seasonalBuild) {
    const plan = orderUpToPlan(inputs, targets);
    return {
      orderUpTo: plan.orderUpTo,
      expectedFillRate: plan.expectedFillRate,
      capital: plan.capital,
      startDemand: inputs.demandMean,
      leadTimes: inputs.leadTimes,
      unitCost: inputs.unitCost,
      basis,
      errorCv: null,
    };
  }
  const plan = forwardPlan(
    {
      demand: sku.samples.dailyDemand,
      days: sku.samples.days,
      forward: forward ?? new Float64Array(0),
      fallback: inputs.demandMean,
      demandStd: inputs.demandStd,
      leadTimeMean: inputs.leadTimeMean,
      leadTimeStd: inputs.leadTimeStd,
      unitCost: inputs.unitCost,
      firstDay: sku.samples.firstDay,
      error: forward ? "measured" : "daily",
    },
    targets,
  );
  return {
    orderUpTo: plan.orderUpTo,
    expectedFillRate: plan.expectedFillRate,
    capital: plan.capital,
    startDemand: plan.startDemand,
    leadTimes: inputs.leadTimes,
    unitCost: inputs.unitCost,
    basis,
    errorCv: plan.errorCv,
  };
}
