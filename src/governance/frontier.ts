/**
 * The capital–service frontier of each segment, under the demand and lead times of the replay
 * window: for a ladder of fill-rate targets (and the segment's own), what the model expects
 * (capital, fill rate) and what a replay of the same history gives (capital, fill rate, units
 * sold, margin served), with the slopes between neighbouring targets — capital a point of fill,
 * margin a unit of capital. The economically optimal target (the newsvendor ratio from the
 * segment's median margin and the RiskTolerance's holding rate) is beside it as the reference.
 * Pure.
 */
import { criticalRatio } from "../model/critical-ratio.js";
import type { SegmentResult, SegmentedPortfolio } from "../evaluate/segment-portfolio.js";
import type { SkuEvaluation } from "../metrics/sku-metrics.js";
import type { SegmentTargets } from "../types.js";
import { sortedQuantile } from "../stats/stats.js";
import { round } from "../evaluate/evaluate.js";
import { actualCapital } from "../evaluate/implied-capital.js";
import { ladderOf, traceAt, traceSku } from "./replay-table.js";
import type { ReplayTable, SkuTrace } from "./replay-table.js";

/** Holding cost a year, as a share of unit cost, where the RiskTolerance declares none. */
export const DEFAULT_HOLDING_RATE = 0.25;

export interface FrontierPoint {
  fillRateTarget: number;
  model: { capital: number; fillRate: number | null };
  replay: { capital: number; fillRate: number | null; sold: number; margin: number };
  /**
   * Replayed capital a point (0.01) of replayed fill rate more, from the point before; null for
   * the first point or where fill did not rise.
   */
  capitalPerPoint: number | null;
  /** Margin served more a unit of capital more, from the point before; null where capital did not rise. */
  marginPerCapital: number | null;
}

export interface SegmentFrontier {
  name: string;
  /** The segment's own fill-rate target. */
  current: number;
  reviewPeriodDays: number;
  /** SKUs with demand, replayed at every point. */
  replayed: number;
  /** Units demanded over the window by the replayed SKUs. */
  demand: number;
  /** Replayed SKUs without a unit price: they serve no margin in these figures. */
  unpriced: number;
  /** The newsvendor ratio from the segment's median margin; null without prices. */
  economicTarget: number | null;
  points: FrontierPoint[];
}

export interface Frontiers {
  holdingRate: number;
  /** Whether the holding rate is the RiskTolerance's own (else DEFAULT_HOLDING_RATE). */
  holdingRateDeclared: boolean;
  segments: SegmentFrontier[];
  /** Capital outside any frontier: run-down segments and unassigned SKUs, at their actual capital. */
  fixedCapital: number;
}

/** Zero totals, for the traces of the SKUs a point covers. */
const noTotals = (): SkuTrace => ({
  modelCapital: 0,
  modelServed: 0,
  demand: 0,
  capital: 0,
  sold: 0,
  margin: 0,
  stockoutDays: 0,
  orders: 0,
});

/** Adds one SKU's trace into a point's totals (none: the SKU has no demand to plan for). */
function addTrace(t: SkuTrace, x: SkuTrace | undefined): void {
  if (!x) return;
  t.modelCapital += x.modelCapital;
  t.modelServed += x.modelServed;
  t.demand += x.demand;
  t.capital += x.capital;
  t.sold += x.sold;
  t.margin += x.margin;
}

/** A point from the totals of the SKUs it covers. */
function pointOf(fillRateTarget: number, t: SkuTrace): FrontierPoint {
  const rate = (x: number): number | null => (t.demand > 0 ? round(x / t.demand) : null);
  return {
    fillRateTarget,
    model: { capital: round(t.modelCapital), fillRate: rate(t.modelServed) },
    replay: {
      capital: round(t.capital),
      fillRate: rate(t.sold),
      sold: round(t.sold),
      margin: round(t.margin),
    },
    capitalPerPoint: null,
    marginPerCapital: null,
  };
}

/** One point of a segment's frontier: its SKUs' traces at rung `r` of its ladder, added up. */
function tracePoint(
  segment: SegmentResult,
  replays: ReplayTable,
  r: number,
  fillRateTarget: number,
): FrontierPoint {
  const totals = noTotals();
  for (const sku of segment.skus) {
    const i = replays.index.get(sku.sku);
    if (i !== undefined) addTrace(totals, traceAt(replays, i, r));
  }
  return pointOf(fillRateTarget, totals);
}

/** One SKU's frontier under its segment's targets (for `explain`); empty without demand. */
export function skuFrontier(sku: SkuEvaluation, targets: SegmentTargets): FrontierPoint[] {
  if (!(sku.samples.demandMean > 0)) return [];
  return withSlopes(
    ladderOf(targets.fillRate).map((b) => {
      const totals = noTotals();
      addTrace(totals, traceSku(sku, { ...targets, fillRate: b })?.trace);
      return pointOf(b, totals);
    }),
  );
}

/** The slopes of each point from the one before it. */
function withSlopes(points: FrontierPoint[]): FrontierPoint[] {
  return points.map((p, i) => {
    const before = points[i - 1];
    if (!before) return p;
    const dCapital = p.replay.capital - before.replay.capital;
    const dFill = (p.replay.fillRate ?? 0) - (before.replay.fillRate ?? 0);
    return {
      ...p,
      capitalPerPoint: dFill > 1e-9 ? round((dCapital / dFill) * 0.01) : null,
      marginPerCapital:
        dCapital > 1e-9 ? round((p.replay.margin - before.replay.margin) / dCapital) : null,
    };
  });
}

function segmentFrontier(
  segment: SegmentResult,
  replays: ReplayTable,
  holdingRate: number,
): SegmentFrontier {
  const targets = segment.policy.value.targets;
  const ladder = replays.ladders.get(segment.name) ?? [];
  const replayed = segment.skus.filter((s) => s.samples.demandMean > 0);
  const margins = replayed
    .map((s) => s.metrics.margin?.value)
    .filter((v): v is number => typeof v === "number")
    .sort((a, b) => a - b);
  const points = withSlopes(ladder.map((b, r) => tracePoint(segment, replays, r, b)));
  return {
    name: segment.name,
    current: targets.fillRate,
    reviewPeriodDays: targets.reviewPeriodDays,
    replayed: replayed.length,
    demand: round(replayed.reduce((t, s) => t + s.samples.demand, 0)),
    unpriced: replayed.filter((s) => s.samples.unitPrice === null).length,
    economicTarget:
      margins.length > 0
        ? round(
            criticalRatio({
              margin: sortedQuantile(margins, 0.5),
              holdingRate,
              reviewPeriodDays: targets.reviewPeriodDays,
            }) ?? NaN,
          )
        : null,
    points,
  };
}

/**
 * Every replenished segment's frontier, from `replays` traced on each segment's ladder;
 * run-down segments and unassigned SKUs as fixed capital.
 */
export function frontiers(
  portfolio: SegmentedPortfolio,
  replays: ReplayTable,
  holdingRate?: number,
): Frontiers {
  if (!replays.frontier) throw new Error("a frontier needs every target of its ladder traced");
  const rate = holdingRate ?? DEFAULT_HOLDING_RATE;
  const segments: SegmentFrontier[] = [];
  let fixedCapital = actualCapital(portfolio.unassigned);
  for (const segment of portfolio.segments) {
    if (segment.policy.value.targets.replenish === false)
      fixedCapital += actualCapital(segment.skus);
    else if (segment.skus.some((s) => s.samples.demandMean > 0))
      segments.push(segmentFrontier(segment, replays, rate));
  }
  return {
    holdingRate: rate,
    holdingRateDeclared: holdingRate !== undefined,
    segments,
    fixedCapital: round(fixedCapital),
  };
}

/** The point of a frontier at the segment's own target. */
export const currentPoint = (s: SegmentFrontier): FrontierPoint =>
  s.points.find((p) => p.fillRateTarget === s.current) ?? (s.points[0] as FrontierPoint);

/** The capital today's targets replay at, fixed capital included: the same-money budget. */
export const todayCapital = (f: Frontiers): number =>
  f.fixedCapital + f.segments.reduce((t, s) => t + currentPoint(s).replay.capital, 0);
