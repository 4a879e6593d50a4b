/**
 * What policies' targets imply in stock: every SKU with demand put through the (R, S) model with
 * its segment's targets (on their demand basis: see `skuPlan`) and its own observed demand and
 * lead times. A run-down segment
 * (`replenish: false`) holds what it has, and SKUs no segment takes count at their actual
 * capital. Pure.
 */
import { skuPlan } from "../metrics/sku-plan.js";
import type { SkuEvaluation } from "../metrics/sku-metrics.js";
import type { SegmentResult, SegmentedPortfolio } from "./segment-portfolio.js";

export interface ImpliedSegment {
  name: string;
  /** SKUs with demand, modelled. */
  modelled: number;
  capital: number;
  /** Demand-weighted expected fill rate; null without demand. */
  fillRate: number | null;
  /** Mean daily demand of the modelled SKUs: the fill rate's weight. */
  demand: number;
}

export interface ImpliedPortfolio {
  /** One entry a segment, in the portfolio's order. */
  segments: ImpliedSegment[];
  capital: number;
  fillRate: number | null;
}

/** The capital the SKUs hold (their end-of-window capital metric). */
export const actualCapital = (skus: readonly SkuEvaluation[]): number =>
  skus.reduce(
    (t, s) => t + (typeof s.metrics.capital?.value === "number" ? s.metrics.capital.value : 0),
    0,
  );

/** Implied capital and fill rate of a segment's SKUs under targets (default: the segment's own). */
export function impliedSegment(
  segment: SegmentResult,
  targets = segment.policy.value.targets,
): ImpliedSegment {
  if (targets.replenish === false)
    return {
      name: segment.name,
      modelled: 0,
      capital: actualCapital(segment.skus),
      fillRate: null,
      demand: 0,
    };
  let capital = 0;
  let modelled = 0;
  let served = 0;
  let demand = 0;
  for (const sku of segment.skus) {
    const plan = skuPlan(sku, targets);
    if (!plan) continue;
    modelled++;
    capital += plan.capital;
    served += (plan.expectedFillRate ?? 0) * sku.samples.demandMean;
    demand += sku.samples.demandMean;
  }
  return {
    name: segment.name,
    modelled,
    capital,
    fillRate: demand > 0 ? served / demand : null,
    demand,
  };
}

/** Every segment under its own targets, and the portfolio they add up to. */
export function impliedPortfolio(portfolio: SegmentedPortfolio): ImpliedPortfolio {
  const segments = portfolio.segments.map((s) => impliedSegment(s));
  let served = 0;
  let demand = 0;
  for (const s of segments)
    if (s.fillRate !== null) {
      served += s.fillRate * s.demand;
      demand += s.demand;
    }
  return {
    segments,
    capital: segments.reduce((t, s) => t + s.capital, 0) + actualCapital(portfolio.unassigned),
    fillRate: demand > 0 ? served / demand : null,
  };
}
