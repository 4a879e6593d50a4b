/**
 * Where the capital should sit: the fill-rate targets, one a segment, that serve the most margin
 * (or the most units: portfolio fill) within a budget, chosen among the points of each
 * segment's replayed frontier. An exact multiple-choice knapsack over capital in BUDGET_STEPS
 * steps (each point's capital rounded up, so the budget is never exceeded), which equalises the
 * marginal return across segments wherever the frontiers allow. Bounds are kept: a segment's
 * fill-rate tolerance (minimum) rules out points whose replay falls short of it; capital-share
 * bounds, which depend on the total, are enforced by re-solving with each segment held to its
 * share of the last total until the choice is stable; the portfolio's minimum fill rate by
 * weighting units served into the margin until it is met. Today's targets are always a
 * candidate, so the result is never worse than them within the same budget. Pure.
 */
import type { Bounds, PolicySet } from "../types.js";
import type { SegmentedPortfolio } from "../evaluate/segment-portfolio.js";
import { round } from "../evaluate/evaluate.js";
import { formatValue } from "../findings/metric-phrases.js";
import { currentPoint, frontiers, todayCapital } from "./frontier.js";
import type { ReplayTable } from "./replay-table.js";
import type { FrontierPoint, Frontiers, SegmentFrontier } from "./frontier.js";

export type AllocationObjective = "margin" | "fill";

/** Steps the budget is divided into for the knapsack. */
export const BUDGET_STEPS = 4000;
const SHARE_ROUNDS = 6;

export interface AllocationBounds {
  /** Per segment: its tolerance's fillRate and capitalShare bounds. */
  segments: Record<string, { fillRate?: Bounds; capitalShare?: Bounds }>;
  /** The portfolio's fill-rate bound. */
  portfolioFillRate?: Bounds;
}

export interface AllocationChoice {
  target: number;
  capital: number;
  fillRate: number | null;
  sold: number;
  margin: number;
}

export interface AllocatedSegment {
  name: string;
  current: AllocationChoice;
  proposed: AllocationChoice;
  economicTarget: number | null;
  /** Margin (or units) served more a unit of capital more at the proposed point; null at the ladder's foot. */
  marginalReturn: number | null;
}

export interface AllocationTotals {
  capital: number;
  fillRate: number | null;
  sold: number;
  margin: number;
}

export interface Allocation {
  objective: AllocationObjective;
  budget: number;
  fixedCapital: number;
  segments: AllocatedSegment[];
  current: AllocationTotals;
  proposed: AllocationTotals;
  /** Whether the knapsack found better than today's targets (else today's are kept). */
  improved: boolean;
  /** Bounds the proposal cannot keep, in words; empty when every bound holds. */
  unmet: string[];
}

/** An allocation with what it rests on, as `allocate` prints it. */
export interface AllocationRun {
  from: string;
  to: string;
  currency: string;
  /** Where the budget came from. */
  budgetSource: "budget" | "capital.max" | "today";
  frontiers: Frontiers;
  allocation: Allocation;
  /** A unified diff setting the proposed targets in the policy files ("" when nothing changes). */
  patch: string;
}

const choiceOf = (p: FrontierPoint): AllocationChoice => ({
  target: p.fillRateTarget,
  capital: p.replay.capital,
  fillRate: p.replay.fillRate,
  sold: p.replay.sold,
  margin: p.replay.margin,
});

/**
 * Points of a segment that keep its fill-rate tolerance: the target itself inside it (a policy
 * rule: a policy may not aim below what it accepts), and the replay at or above its minimum
 * where any point reaches it.
 */
function admissible(s: SegmentFrontier, bounds: AllocationBounds): FrontierPoint[] {
  const { min, max } = bounds.segments[s.name]?.fillRate ?? {};
  const aims = s.points.filter(
    (p) =>
      (min === undefined || p.fillRateTarget >= min) &&
      (max === undefined || p.fillRateTarget <= max),
  );
  const valid = aims.length > 0 ? aims : [currentPoint(s)];
  if (min === undefined) return valid;
  const kept = valid.filter((p) => (p.replay.fillRate ?? 0) >= min);
  return kept.length > 0 ? kept : valid;
}

/** The best point a segment (index into `options`) within `capacity`: a multiple-choice knapsack. */
function knapsack(
  options: readonly FrontierPoint[][],
  capacity: number,
  value: (p: FrontierPoint) => number,
): number[] | undefined {
  const unit = capacity / BUDGET_STEPS;
  const steps = (c: number): number =>
    unit > 0 ? Math.ceil(c / unit - 1e-9) : c > 0 ? Infinity : 0;
  let best = new Float64Array(BUDGET_STEPS + 1);
  const picks: Int16Array[] = [];
  for (const points of options) {
    const next = new Float64Array(BUDGET_STEPS + 1).fill(-Infinity);
    const pick = new Int16Array(BUDGET_STEPS + 1).fill(-1);
    points.forEach((p, j) => {
      const w = steps(p.replay.capital);
      const v = value(p);
      for (let b = w; b <= BUDGET_STEPS; b++) {
        const total = (best[b - w] as number) + v;
        if (total > (next[b] as number)) {
          next[b] = total;
          pick[b] = j;
        }
      }
    });
    picks.push(pick);
    best = next;
  }
  let b = BUDGET_STEPS;
  if (!Number.isFinite(best[b])) return undefined;
  const chosen: number[] = [];
  for (let i = options.length - 1; i >= 0; i--) {
    const j = (picks[i] as Int16Array)[b] as number;
    chosen[i] = j;
    b -= steps(((options[i] as FrontierPoint[])[j] as FrontierPoint).replay.capital);
  }
  return chosen;
}

function totals(points: readonly FrontierPoint[], fixed: number, demand: number): AllocationTotals {
  const sold = points.reduce((t, p) => t + p.replay.sold, 0);
  return {
    capital: round(fixed + points.reduce((t, p) => t + p.replay.capital, 0)),
    fillRate: demand > 0 ? round(sold / demand) : null,
    sold: round(sold),
    margin: round(points.reduce((t, p) => t + p.replay.margin, 0)),
  };
}

const pct = (x: number | null): string => formatValue("fillRate", x);

/** A bound a choice breaks: which (segment and bound) and in words. */
interface Unmet {
  key: string;
  text: string;
}

/** The bounds a choice of points breaks. */
function unmetBounds(
  f: Frontiers,
  points: readonly FrontierPoint[],
  bounds: AllocationBounds,
  budget: number,
): Unmet[] {
  const demand = f.segments.reduce((t, s) => t + s.demand, 0);
  const t = totals(points, f.fixedCapital, demand);
  const out: Unmet[] = [];
  const push = (key: string, text: string): void => void out.push({ key, text });
  if (t.capital > budget + 1e-6)
    push(
      "budget",
      `replayed capital ${t.capital.toFixed(0)} above the budget ${budget.toFixed(0)}`,
    );
  f.segments.forEach((s, i) => {
    const p = points[i] as FrontierPoint;
    const b = bounds.segments[s.name] ?? {};
    const share = t.capital > 0 ? p.replay.capital / t.capital : 0;
    if (b.fillRate?.min !== undefined && (p.replay.fillRate ?? 0) < b.fillRate.min)
      push(
        `${s.name}/fillRate`,
        `${s.name}: replayed fill rate ${pct(p.replay.fillRate)} below its minimum ${pct(b.fillRate.min)}`,
      );
    if (b.capitalShare?.max !== undefined && share > b.capitalShare.max + 1e-9)
      push(
        `${s.name}/capitalShare.max`,
        `${s.name}: capital share ${pct(share)} above its maximum ${pct(b.capitalShare.max)}`,
      );
    if (b.capitalShare?.min !== undefined && share < b.capitalShare.min - 1e-9)
      push(
        `${s.name}/capitalShare.min`,
        `${s.name}: capital share ${pct(share)} below its minimum ${pct(b.capitalShare.min)}`,
      );
  });
  const min = bounds.portfolioFillRate?.min;
  if (min !== undefined && t.fillRate !== null && t.fillRate < min)
    push(
      "portfolio/fillRate",
      `portfolio: replayed fill rate ${pct(t.fillRate)} below its minimum ${pct(min)}`,
    );
  return out;
}

/** Knapsack, then re-solved with every segment held inside its capital share of the last total. */
function solveWithShares(
  f: Frontiers,
  bounds: AllocationBounds,
  budget: number,
  value: (p: FrontierPoint) => number,
): FrontierPoint[] | undefined {
  const base = f.segments.map((s) => admissible(s, bounds));
  let options = base;
  let chosen: FrontierPoint[] | undefined;
  for (let round_ = 0; round_ < SHARE_ROUNDS; round_++) {
    const picks = knapsack(options, budget - f.fixedCapital, value);
    if (!picks) return chosen;
    chosen = picks.map((j, i) => (options[i] as FrontierPoint[])[j] as FrontierPoint);
    const total = f.fixedCapital + chosen.reduce((t, p) => t + p.replay.capital, 0);
    const held = f.segments.map((s, i) => {
      const share = bounds.segments[s.name]?.capitalShare ?? {};
      const kept = (base[i] as FrontierPoint[]).filter(
        (p) =>
          (share.max === undefined || p.replay.capital <= share.max * total) &&
          (share.min === undefined || p.replay.capital >= share.min * total),
      );
      return kept.length > 0 ? kept : (base[i] as FrontierPoint[]);
    });
    if (held.every((h, i) => h.length === (options[i] as FrontierPoint[]).length)) break;
    options = held;
  }
  return chosen;
}

export function allocate(
  f: Frontiers,
  options: { budget: number; objective: AllocationObjective; bounds: AllocationBounds },
): Allocation {
  const { budget, objective, bounds } = options;
  const demand = f.segments.reduce((t, s) => t + s.demand, 0);
  const today = f.segments.map(currentPoint);
  const base = (p: FrontierPoint): number =>
    objective === "margin" ? p.replay.margin : p.replay.sold;
  // The portfolio's fill-rate minimum: units served weigh more until it is met.
  let proposal: FrontierPoint[] | undefined;
  for (const weight of [0, 0.1, 0.3, 1, 3, 10, 100]) {
    const meanMargin =
      f.segments.reduce((t, s) => t + (currentPoint(s).replay.margin || 0), 0) /
      Math.max(1, demand);
    const value = (p: FrontierPoint): number =>
      base(p) + weight * Math.max(meanMargin, 1) * p.replay.sold;
    proposal = solveWithShares(f, bounds, budget, value);
    const min = bounds.portfolioFillRate?.min;
    if (
      !proposal ||
      min === undefined ||
      (totals(proposal, f.fixedCapital, demand).fillRate ?? 1) >= min
    )
      break;
  }
  const score = (points: readonly FrontierPoint[]): number =>
    points.reduce((t, p) => t + base(p), 0);
  const todayFits = unmetBounds(f, today, bounds, budget).length === 0;
  const proposalFits =
    proposal !== undefined && unmetBounds(f, proposal, bounds, budget).length === 0;
  const improved =
    proposal !== undefined &&
    (!todayFits || (proposalFits && score(proposal) > score(today) + 1e-6));
  const chosen = improved && proposal ? proposal : today;
  return {
    objective,
    budget: round(budget),
    fixedCapital: f.fixedCapital,
    segments: f.segments.map((s, i) => ({
      name: s.name,
      current: choiceOf(today[i] as FrontierPoint),
      proposed: choiceOf(chosen[i] as FrontierPoint),
      economicTarget: s.economicTarget,
      marginalReturn: (chosen[i] as FrontierPoint).marginPerCapital,
    })),
    current: totals(today, f.fixedCapital, demand),
    proposed: totals(chosen, f.fixedCapital, demand),
    improved,
    unmet: unmetBounds(f, chosen, bounds, budget).map((u) => u.text),
  };
}

/** The bounds the allocation keeps, from the policies' tolerances. */
export function allocationBounds(policies: PolicySet): AllocationBounds {
  const segments: AllocationBounds["segments"] = {};
  for (const s of policies.segments) {
    const t = s.value.tolerance ?? {};
    segments[s.value.metadata.name] = {
      ...(t.fillRate ? { fillRate: t.fillRate } : {}),
      ...(t.capitalShare ? { capitalShare: t.capitalShare } : {}),
    };
  }
  const fill = policies.tolerance.value.portfolio.fillRate;
  return { segments, ...(fill ? { portfolioFillRate: fill } : {}) };
}

/** The report's question: what the capital today's targets hold would serve, allocated by return. */
export interface SameCapitalAllocation {
  /** The replay period (the year to the as-of date, within the data). */
  from: string;
  to: string;
  frontiers: Frontiers;
  allocation: Allocation;
}

/** `year`: the replay period, its portfolio and each SKU's replays over it (every target traced). */
export function sameCapitalAllocation(
  year: { from: string; to: string; portfolio: SegmentedPortfolio; replays: ReplayTable },
  policies: PolicySet,
): SameCapitalAllocation {
  const { from, to } = year;
  const f = frontiers(
    year.portfolio,
    year.replays,
    policies.tolerance.value.economics?.holdingCostRate,
  );
  const allocation = allocate(f, {
    budget: todayCapital(f),
    objective: "margin",
    bounds: allocationBounds(policies),
  });
  return { from, to, frontiers: f, allocation };
}

/** A fill-rate target a pull request changes, against where the allocation would put it. */
export interface TargetDirection {
  segment: string;
  before: number;
  after: number;
  /** The target the same capital serves most margin with, under the base policies. */
  proposed: number;
  direction: "towards" | "away" | "neither";
}

/** Each segment whose fill-rate target changes between base and head, judged against the allocation. */
export function targetDirections(
  allocation: Allocation,
  base: PolicySet,
  head: PolicySet,
): TargetDirection[] {
  const target = (p: PolicySet, name: string) =>
    p.segments.find((s) => s.value.metadata.name === name)?.value.targets.fillRate;
  return allocation.segments.flatMap((s) => {
    const before = target(base, s.name);
    const after = target(head, s.name);
    if (before === undefined || after === undefined || before === after) return [];
    const proposed = s.proposed.target;
    const gap = Math.abs(after - proposed) - Math.abs(before - proposed);
    const direction = gap < -1e-12 ? "towards" : gap > 1e-12 ? "away" : "neither";
    return [{ segment: s.name, before, after, proposed, direction }];
  });
}
