/**
 * Replays every segment's (R, S) policy over the real history of its SKUs — demand corrected
 * for stockouts, the SKU's own lead times — and sets it beside what the formula expects, per
 * segment and for the portfolio. Where the two disagree on fill rate by more than
 * MISMATCH_POINTS (the normal approximation misleads on intermittent and lumpy demand), a
 * `model-mismatch` finding says so. Pure.
 *
 * S comes from the same period's demand and lead times (an in-sample replay): the question is
 * what the policy as written would have done with that history, not a forecast.
 */
import { finding, lineOf } from "../findings/finding.js";
import type { Finding } from "../findings/finding.js";
import { formatValue } from "../findings/metric-phrases.js";
import { round } from "../evaluate/evaluate.js";
import type { SegmentResult, SegmentedPortfolio } from "../evaluate/segment-portfolio.js";
import { ownRung, traceAt } from "./replay-table.js";
import type { ReplayTable } from "./replay-table.js";
import type { PolicySummary } from "../policy/policy-summary.js";
import type { DemandBasis } from "../types.js";
import { VERSION } from "../version.js";
import type { Frontiers } from "./frontier.js";
import { appendAll } from "../collections.js";

/** Replay and formula disagree materially beyond this difference in fill rate. */
export const MISMATCH_POINTS = 0.05;
/** Replayed SKUs and days a segment needs before a disagreement is called. */
export const MIN_REPLAYED = 5;
export const MIN_REPLAY_DAYS = 60;

export interface SimulatedTotals {
  skus: number;
  /** SKUs with demand, replayed. */
  replayed: number;
  demand: number;
  sold: number;
  fillRate: number | null;
  meanCapital: number;
  stockoutDays: number;
  orders: number;
  /** What the formula expects of the same SKUs under the same targets. */
  formula: { fillRate: number | null; capital: number };
}

export interface SimulatedSegment extends SimulatedTotals {
  name: string;
  targets: { fillRate: number; reviewPeriodDays: number } | null;
  /** SKUs by Syntetos–Boylan pattern. */
  patterns: Record<string, number>;
  /**
   * The demand basis the targets ask for, and the replayed SKUs that lacked its data (planned
   * on the trailing mean).
   */
  basis: { asked: DemandBasis; fellBack: number };
}

export interface Simulation {
  schemaVersion: 1;
  tool: { name: "stockpolicy"; version: string };
  from: string;
  to: string;
  days: number;
  currency: string;
  policies: PolicySummary[];
  segments: SimulatedSegment[];
  portfolio: SimulatedTotals;
  findings: Finding[];
  /** Each replenished segment's capital–service frontier over the same history (when traced). */
  frontiers?: Frontiers;
}

const empty = (): SimulatedTotals => ({
  skus: 0,
  replayed: 0,
  demand: 0,
  sold: 0,
  fillRate: null,
  meanCapital: 0,
  stockoutDays: 0,
  orders: 0,
  formula: { fillRate: null, capital: 0 },
});

/** Adds a SKU's replay (or a segment's totals) into running totals. */
function add(
  into: SimulatedTotals,
  from: Pick<SimulatedTotals, "demand" | "sold" | "meanCapital" | "stockoutDays" | "orders">,
  formulaCapital: number,
): void {
  into.demand += from.demand;
  into.sold += from.sold;
  into.meanCapital += from.meanCapital;
  into.stockoutDays += from.stockoutDays;
  into.orders += from.orders;
  into.formula.capital += formulaCapital;
}

function finish<T extends SimulatedTotals>(t: T, formulaServed: number): T {
  return {
    ...t,
    demand: round(t.demand),
    sold: round(t.sold),
    fillRate: t.demand > 0 ? round(t.sold / t.demand) : null,
    meanCapital: round(t.meanCapital),
    formula: {
      fillRate: t.demand > 0 ? round(formulaServed / t.demand) : null,
      capital: round(t.formula.capital),
    },
  };
}

type SimulationContext = { from: string; to: string; currency: string; policies: PolicySummary[] };

/**
 * One segment's SKUs' replays added up, in the segment's order of SKUs: its totals (unfinished)
 * and the units the formula expects served.
 */
function replaySegment(
  segment: SegmentResult,
  replays: ReplayTable,
): { t: SimulatedSegment; served: number } {
  const targets = segment.policy.value.targets;
  const replenish = targets.replenish !== false;
  const t: SimulatedSegment = {
    ...empty(),
    name: segment.name,
    targets: replenish
      ? { fillRate: targets.fillRate, reviewPeriodDays: targets.reviewPeriodDays }
      : null,
    patterns: {},
    basis: { asked: targets.demandBasis ?? "trailing", fellBack: 0 },
    skus: segment.skus.length,
  };
  const rung = ownRung(replays, segment.name, targets.fillRate);
  let served = 0;
  for (const sku of segment.skus) {
    const pattern = sku.metrics.demandPattern?.value;
    const key = typeof pattern === "string" ? pattern : "unclassed";
    t.patterns[key] = (t.patterns[key] ?? 0) + 1;
    if (!replenish) continue;
    const i = replays.index.get(sku.sku);
    const r = i === undefined || rung < 0 ? undefined : traceAt(replays, i, rung);
    if (!r || i === undefined) continue;
    if (replays.fellBack[i] === 1) t.basis.fellBack++;
    t.replayed++;
    const replayed = {
      demand: r.demand,
      sold: r.sold,
      meanCapital: r.capital,
      stockoutDays: r.stockoutDays,
      orders: r.orders,
    };
    add(t, replayed, r.modelCapital);
    served += r.modelServed;
  }
  return { t, served };
}

/** A model-mismatch finding when the replay and the formula disagree materially on fill rate. */
function mismatch(
  segment: SegmentResult,
  done: SimulatedSegment,
  days: number,
  context: SimulationContext,
): Finding[] {
  const gap =
    done.fillRate !== null && done.formula.fillRate !== null
      ? done.fillRate - done.formula.fillRate
      : 0;
  if (done.replayed < MIN_REPLAYED || days < MIN_REPLAY_DAYS || Math.abs(gap) <= MISMATCH_POINTS)
    return [];
  const p = done.patterns;
  const irregular = (p.intermittent ?? 0) + (p.lumpy ?? 0) + (p.erratic ?? 0);
  const rate = (x: number | null) => formatValue("fillRate", x);
  return [
    finding({
      kind: "model-mismatch",
      severity: "info",
      scope: "segment",
      subject: segment.name,
      policy: segment.policy,
      metric: "fillRate",
      actual: done.fillRate,
      evidence: {
        n: done.replayed,
        interval: null,
        window: { from: context.from, to: context.to },
        formulaFillRate: done.formula.fillRate,
        replayFillRate: done.fillRate,
        days,
        patterns: p,
      },
      message:
        `Replaying ${segment.name}'s policy over ${days} days of actual demand gives a fill rate of ` +
        `${rate(done.fillRate)} where the formula expects ${rate(done.formula.fillRate)} (${done.replayed} SKUs; ` +
        `${irregular} of ${done.skus} with intermittent, lumpy or erratic demand): judge its targets by the replay.`,
      owner: segment.policy.value.metadata.owner,
      line: lineOf(segment.policy, "/targets/fillRate"),
    }),
  ];
}

/**
 * Every segment's replay added up, with a model-mismatch finding where replay and formula
 * disagree, from `replays` traced at each segment's own target at least.
 */
export function simulate(
  portfolio: SegmentedPortfolio,
  context: SimulationContext,
  replays: ReplayTable,
): Simulation {
  const days = portfolio.skus[0]?.samples.days ?? 0;
  const segments: SimulatedSegment[] = [];
  const total = empty();
  let totalServed = 0;
  const findings: Finding[] = [];
  for (const segment of portfolio.segments) {
    const { t, served } = replaySegment(segment, replays);
    const done = finish(t, served);
    segments.push(done);
    total.skus += t.skus;
    total.replayed += t.replayed;
    add(total, t, t.formula.capital);
    totalServed += served;
    appendAll(findings, mismatch(segment, done, days, context));
  }
  return {
    schemaVersion: 1,
    tool: { name: "stockpolicy", version: VERSION },
    from: context.from,
    to: context.to,
    days,
    currency: context.currency,
    policies: context.policies,
    segments,
    portfolio: finish(total, totalServed),
    findings,
  };
}
