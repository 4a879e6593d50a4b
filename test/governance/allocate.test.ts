/**
 * The allocation on constructed portfolios with known economics: three segments whose targets
 * put the capital in the wrong place (a high fill rate where a point of it is dear, a low one
 * where it is cheap). Every figure is a real replay of the SKUs' demand.
 */
import { describe, expect, it } from "vitest";
import type {
  AssignedSku,
  SegmentResult,
  SegmentedPortfolio,
} from "../../src/evaluate/segment-portfolio.js";
import { allocate } from "../../src/governance/allocate.js";
import type { AllocationBounds } from "../../src/governance/allocate.js";
import { frontiers } from "../../src/governance/frontier.js";
import {
  FRONTIER_TARGETS,
  replayPlan,
  replayedPortfolio,
} from "../../src/governance/replay-table.js";
import { skuPlan } from "../../src/metrics/sku-plan.js";
import { mean, sampleStd } from "../../src/stats/stats.js";
import { Random } from "../../src/stats/random.js";
import { segmentPolicy } from "../helpers/policies.js";
import { emptySamples } from "../helpers/samples.js";

const DAYS = 365;

interface Line {
  skus: number;
  /** Mean daily demand, and the chance a day has any (intermittent when below 1). */
  rate: number;
  chance: number;
  cost: number;
  price: number;
  lead: number;
  target: number;
}

function assigned(id: string, line: Line, r: Random): AssignedSku {
  const demand = Float64Array.from({ length: DAYS }, () =>
    r.chance(line.chance) ? r.poisson(line.rate / line.chance) : 0,
  );
  const leads = Array.from({ length: 12 }, () => Math.round(line.lead * r.lognormal(0.15)));
  const total = demand.reduce((a, b) => a + b, 0);
  return {
    sku: id,
    columns: {},
    metrics: {
      demandStd: { value: sampleStd([...demand]) ?? 0, n: DAYS },
      plannedLeadTimeDays: { value: line.lead, n: 1 },
      margin: { value: (line.price - line.cost) / line.price, n: 1 },
      capital: { value: 0, n: 1 },
    },
    samples: emptySamples({
      days: DAYS,
      demand: total,
      sold: total,
      demandMean: total / DAYS,
      dailyDemand: demand,
      unitCost: line.cost,
      unitPrice: line.price,
      leads,
    }),
    assignment: { segment: id, reason: "matched", matched: [], ties: [], leaves: {} },
  };
}

function company(seed: number, lines: Record<string, Line>): SegmentedPortfolio {
  const r = Random.derive(seed, "allocate-test");
  const segments: SegmentResult[] = Object.entries(lines).map(([name, line]) => ({
    name,
    policy: segmentPolicy(name, {
      targets: { fillRate: line.target, reviewPeriodDays: 7, cover: { minWeeks: 1, maxWeeks: 8 } },
    }),
    skus: Array.from({ length: line.skus }, (_, i) => assigned(`${name}-${i}`, line, r)),
    metrics: {},
  }));
  const skus = segments.flatMap((s) => s.skus);
  return { skus, segments, unassigned: [], portfolio: {} };
}

/** Cheap points of fill in `fast`, dear ones in `dear`; today's targets the other way round. */
const MISALLOCATED: Record<string, Line> = {
  fast: { skus: 8, rate: 20, chance: 1, cost: 2, price: 10, lead: 14, target: 0.85 },
  mid: { skus: 8, rate: 4, chance: 0.6, cost: 10, price: 18, lead: 30, target: 0.93 },
  dear: { skus: 8, rate: 0.4, chance: 0.2, cost: 60, price: 70, lead: 60, target: 0.995 },
};

const NO_BOUNDS: AllocationBounds = { segments: {} };

describe("allocate", () => {
  const portfolio = company(3, MISALLOCATED);
  const f = frontiers(portfolio, replayedPortfolio(portfolio, { frontier: true }), 0.25);
  const today = f.segments.reduce(
    (t, s) => t + (s.points.find((p) => p.fillRateTarget === s.current)?.replay.capital ?? 0),
    0,
  );

  it("serves more margin than today's targets with the same capital, within the budget", () => {
    const a = allocate(f, { budget: today, objective: "margin", bounds: NO_BOUNDS });
    expect(a.improved).toBe(true);
    expect(a.proposed.margin).toBeGreaterThan(a.current.margin);
    expect(a.proposed.capital).toBeLessThanOrEqual(today);
    expect(a.unmet).toEqual([]);
    const byName = Object.fromEntries(a.segments.map((s) => [s.name, s]));
    expect(byName.fast?.proposed.target).toBeGreaterThan(0.85);
    expect(byName.dear?.proposed.target).toBeLessThan(0.995);
  });

  it("says what a replay of the proposed targets gives, SKU by SKU", () => {
    const a = allocate(f, { budget: today, objective: "margin", bounds: NO_BOUNDS });
    for (const s of a.segments) {
      const segment = portfolio.segments.find((x) => x.name === s.name) as SegmentResult;
      const targets = { ...segment.policy.value.targets, fillRate: s.proposed.target };
      let capital = 0;
      let margin = 0;
      for (const sku of segment.skus) {
        const plan = skuPlan(sku, targets);
        if (!plan) continue;
        const r = replayPlan(sku, plan, 7);
        capital += r.meanCapital;
        margin += r.sold * ((sku.samples.unitPrice as number) - sku.samples.unitCost);
      }
      expect(s.proposed.capital).toBeCloseTo(capital, 3);
      expect(s.proposed.margin).toBeCloseTo(margin, 3);
    }
  });

  it("finds the best combination of ladder points within the budget (against every combination)", () => {
    const a = allocate(f, { budget: today, objective: "margin", bounds: NO_BOUNDS });
    let best = 0;
    const [x, y, z] = f.segments;
    for (const p of x?.points ?? [])
      for (const q of y?.points ?? [])
        for (const r of z?.points ?? [])
          if (p.replay.capital + q.replay.capital + r.replay.capital <= today * 0.999)
            best = Math.max(best, p.replay.margin + q.replay.margin + r.replay.margin);
    expect(a.proposed.margin).toBeGreaterThanOrEqual(best - 1e-6);
  });

  it("keeps a segment's capital share and fill-rate minimum, and the portfolio's fill rate", () => {
    const free = allocate(f, { budget: today * 1.5, objective: "margin", bounds: NO_BOUNDS });
    const share = (a: typeof free, name: string) =>
      (a.segments.find((s) => s.name === name)?.proposed.capital ?? 0) / a.proposed.capital;
    const cap = Math.round(share(free, "dear") * 0.8 * 100) / 100;
    const bounds: AllocationBounds = {
      segments: { dear: { capitalShare: { max: cap } }, mid: { fillRate: { min: 0.97 } } },
      portfolioFillRate: { min: 0.95 },
    };
    const held = allocate(f, { budget: today * 1.5, objective: "margin", bounds });
    expect(held.unmet).toEqual([]);
    expect(share(held, "dear")).toBeLessThanOrEqual(cap);
    expect(held.segments.find((s) => s.name === "mid")?.proposed.fillRate).toBeGreaterThanOrEqual(
      0.97,
    );
    expect(held.proposed.fillRate).toBeGreaterThanOrEqual(0.95);
    // a policy may not aim below what it accepts: the target itself stays inside the tolerance
    expect(held.segments.find((s) => s.name === "mid")?.proposed.target).toBeGreaterThanOrEqual(
      0.97,
    );
  });

  it("with the fill objective, serves at least today's share of demand at the same capital", () => {
    const a = allocate(f, { budget: today, objective: "fill", bounds: NO_BOUNDS });
    expect(a.proposed.fillRate as number).toBeGreaterThanOrEqual(a.current.fillRate as number);
    expect(a.proposed.capital).toBeLessThanOrEqual(today);
  });

  it("keeps today's targets when nothing serves more within the budget", () => {
    const a = allocate(f, { budget: today * 0.2, objective: "margin", bounds: NO_BOUNDS });
    const least = f.segments.reduce(
      (t, s) => t + Math.min(...s.points.map((p) => p.replay.capital)),
      0,
    );
    expect(least).toBeGreaterThan(today * 0.2); // not even the foot of every ladder fits
    expect(a.improved).toBe(false);
    expect(a.segments.map((s) => s.proposed.target)).toEqual(
      a.segments.map((s) => s.current.target),
    );
    expect(a.unmet.some((u) => u.includes("budget"))).toBe(true);
  });

  it("traces every frontier on the ladder and the segment's own target, capital rising with it", () => {
    for (const s of f.segments) {
      expect(s.points.map((p) => p.fillRateTarget)).toEqual(
        [...new Set([...FRONTIER_TARGETS, s.current])].sort((a, b) => a - b),
      );
      const capital = s.points.map((p) => p.model.capital);
      expect(capital).toEqual([...capital].sort((a, b) => a - b));
      expect(mean(s.points.map((p) => p.replay.fillRate ?? 0))).toBeGreaterThan(0.5);
    }
    expect(f.segments.find((s) => s.name === "fast")?.economicTarget).toBeCloseTo(
      0.8 / (0.8 + (0.25 * 0.2 * 7) / 365),
      5,
    );
  });
});
