/**
 * What replaying each SKU of a segmented portfolio comes to, kept as numbers: its plan and its
 * replay at each fill-rate target traced for its segment — the segment's own, and for a frontier
 * every target of the ladder. Filled SKU by SKU as their daily series stream by (recordReplays),
 * so a year of every SKU's days is never held at once; what simulate and frontiers add up is
 * read from it in the portfolio's order of SKUs, the same sums in the same order as a replay of
 * SKUs held in memory. A traced target costs TRACE_FIELDS.length numbers: 8 × 8 bytes; a SKU
 * 69 bytes for simulate alone, 719 with a frontier's 11 targets (and its id's entry in a Map). Pure.
 */
import type { SegmentedPortfolio } from "../evaluate/segment-portfolio.js";
import type { SkuEvaluation } from "../metrics/sku-metrics.js";
import { skuPlan } from "../metrics/sku-plan.js";
import type { SkuPlan } from "../metrics/sku-plan.js";
import { replayOrderUpTo } from "../model/replay-order-up-to.js";
import type { ReplayResult } from "../model/replay-order-up-to.js";
import type { SegmentTargets } from "../types.js";

/** The fill-rate targets every frontier is traced on (the segment's own is added). */
export const FRONTIER_TARGETS = [0.8, 0.85, 0.9, 0.93, 0.95, 0.96, 0.97, 0.98, 0.99, 0.995];

/** What one SKU comes to at one target: the model's capital and units served, the replay's. */
export interface SkuTrace {
  modelCapital: number;
  modelServed: number;
  demand: number;
  capital: number;
  sold: number;
  margin: number;
  stockoutDays: number;
  orders: number;
}

const TRACE_FIELDS = [
  "modelCapital",
  "modelServed",
  "demand",
  "capital",
  "sold",
  "margin",
  "stockoutDays",
  "orders",
] as const satisfies readonly (keyof SkuTrace)[];
const FIELDS = TRACE_FIELDS.length;
/** segmentOf's mark of a SKU in no segment. */
const NO_SEGMENT = 0xffffffff;

export interface ReplayTable {
  /** Whether every target of each segment's ladder is traced (a frontier), or its own only. */
  frontier: boolean;
  /** Each SKU's index in the portfolio's list of SKUs. */
  index: ReadonlyMap<string, number>;
  /** Each SKU's segment, as its index in the portfolio's segments (NO_SEGMENT: none). */
  segmentOf: Uint32Array;
  /** Each replenished segment's targets traced, ascending (its own among them), by name. */
  ladders: ReadonlyMap<string, readonly number[]>;
  /** Targets a SKU has room for: the longest ladder. */
  rungs: number;
  /** SKU i's trace at rung r, field f: at (i × rungs + r) × FIELDS + f. */
  traces: Float64Array;
  /** 1 at i × rungs + r where SKU i had a plan at rung r (it has demand to plan for). */
  planned: Uint8Array;
  /** 1 where a SKU's plan at its own target fell back from the basis asked to the trailing mean. */
  fellBack: Uint8Array;
  /** 1 for each SKU recorded. */
  recorded: Uint8Array;
  /** SKUs recorded so far. */
  count: number;
}

/** The ladder a frontier is traced on: FRONTIER_TARGETS and the segment's own target. */
export const ladderOf = (own: number): number[] =>
  [...new Set([...FRONTIER_TARGETS, own])].sort((a, b) => a - b);

/**
 * An empty table for `portfolio`: each replenished segment traced at its own target and, with
 * `frontier`, at every target of its ladder.
 */
export function replayTable(
  portfolio: SegmentedPortfolio,
  options: { frontier: boolean },
): ReplayTable {
  const ladders = new Map<string, number[]>();
  for (const s of portfolio.segments) {
    const { targets } = s.policy.value;
    if (targets.replenish === false) continue;
    ladders.set(s.name, options.frontier ? ladderOf(targets.fillRate) : [targets.fillRate]);
  }
  const rungs = Math.max(1, ...[...ladders.values()].map((l) => l.length));
  const n = portfolio.skus.length;
  const index = new Map(portfolio.skus.map((s, i) => [s.sku, i]));
  // The segment whose list holds the SKU: the one whose policy it is replayed under.
  const segmentOf = new Uint32Array(n).fill(NO_SEGMENT);
  portfolio.segments.forEach((segment, k) => {
    for (const sku of segment.skus) {
      const i = index.get(sku.sku);
      if (i !== undefined) segmentOf[i] = k;
    }
  });
  return {
    frontier: options.frontier,
    index,
    segmentOf,
    ladders,
    rungs,
    traces: new Float64Array(n * rungs * FIELDS),
    planned: new Uint8Array(n * rungs),
    fellBack: new Uint8Array(n),
    recorded: new Uint8Array(n),
    count: 0,
  };
}

/** Every SKU of a portfolio whose daily series it holds, recorded: a table for SKUs in memory. */
export function replayedPortfolio(
  portfolio: SegmentedPortfolio,
  options: { frontier: boolean },
): ReplayTable {
  const table = replayTable(portfolio, options);
  for (const sku of portfolio.skus) recordReplays(table, portfolio, sku);
  return table;
}

/** A SKU's plan replayed over its window's demand and its own lead times. */
export function replayPlan(
  sku: SkuEvaluation,
  plan: SkuPlan,
  reviewPeriodDays: number,
): ReplayResult {
  return replayOrderUpTo({
    demand: sku.samples.dailyDemand,
    leadTimes: plan.leadTimes,
    orderUpTo: plan.orderUpTo,
    reviewPeriodDays,
    unitCost: plan.unitCost,
    demandMean: plan.startDemand,
  });
}

const unitMargin = (sku: SkuEvaluation): number =>
  sku.samples.unitPrice === null ? 0 : sku.samples.unitPrice - sku.samples.unitCost;

/**
 * A SKU (its daily series read) planned and replayed at `targets`, and the demand basis its plan
 * used; undefined when it has no demand to plan for.
 */
export function traceSku(
  sku: SkuEvaluation,
  targets: SegmentTargets,
): { trace: SkuTrace; basis: SkuPlan["basis"] } | undefined {
  const plan = skuPlan(sku, targets);
  if (!plan) return undefined;
  const replay = replayPlan(sku, plan, targets.reviewPeriodDays);
  const trace: SkuTrace = {
    modelCapital: plan.capital,
    modelServed: (plan.expectedFillRate ?? 0) * replay.demand,
    demand: replay.demand,
    capital: replay.meanCapital,
    sold: replay.sold,
    margin: replay.sold * unitMargin(sku),
    stockoutDays: replay.stockoutDays,
    orders: replay.orders,
  };
  return { trace, basis: plan.basis };
}

/**
 * Records `sku` (its daily series read; its segment the one whose list in the portfolio holds
 * it): its plan and replay at each target of its segment's ladder. A SKU the portfolio does not hold, or
 * holds outside a replenished segment, is left as it is.
 */
export function recordReplays(
  table: ReplayTable,
  portfolio: SegmentedPortfolio,
  sku: SkuEvaluation,
): void {
  const i = table.index.get(sku.sku);
  if (i === undefined || table.recorded[i] === 1) return;
  table.recorded[i] = 1;
  table.count++;
  const segment = portfolio.segments[table.segmentOf[i] as number];
  const ladder = segment ? table.ladders.get(segment.name) : undefined;
  if (!ladder || !segment) return;
  const own = segment.policy.value.targets;
  ladder.forEach((fillRate, r) => {
    const traced = traceSku(sku, fillRate === own.fillRate ? own : { ...own, fillRate });
    if (!traced) return;
    if (fillRate === own.fillRate)
      table.fellBack[i] = traced.basis !== (own.demandBasis ?? "trailing") ? 1 : 0;
    table.planned[i * table.rungs + r] = 1;
    const at = (i * table.rungs + r) * FIELDS;
    TRACE_FIELDS.forEach((f, k) => (table.traces[at + k] = traced.trace[f]));
  });
}

/** SKU `sku`'s trace at rung `r` of its segment's ladder; undefined where it had no plan. */
export function traceAt(table: ReplayTable, sku: number, r: number): SkuTrace | undefined {
  if (table.planned[sku * table.rungs + r] !== 1) return undefined;
  const at = (sku * table.rungs + r) * FIELDS;
  const t = table.traces;
  return {
    modelCapital: t[at] as number,
    modelServed: t[at + 1] as number,
    demand: t[at + 2] as number,
    capital: t[at + 3] as number,
    sold: t[at + 4] as number,
    margin: t[at + 5] as number,
    stockoutDays: t[at + 6] as number,
    orders: t[at + 7] as number,
  };
}

/** The rung of a segment's own target in its ladder; -1 for a segment not replenished. */
export const ownRung = (table: ReplayTable, name: string, own: number): number =>
  table.ladders.get(name)?.indexOf(own) ?? -1;
