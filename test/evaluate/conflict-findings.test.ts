/**
 * policy-tolerance-conflict on constructed portfolios: fires when a segment's targets imply more
 * than its tolerated share of capital (beyond the margin), names a fill-rate target that fits —
 * and that target does fit — and stays quiet within the margin or with too few SKUs.
 */
import { describe, expect, it } from "vitest";
import {
  CONFLICT_MARGIN,
  policyToleranceConflictDetector,
} from "../../src/evaluate/detectors/policy-tolerance-conflict.js";
import { detectNow } from "../helpers/detect.js";
import { impliedSegment } from "../../src/evaluate/implied-capital.js";
import type {
  AssignedSku,
  SegmentResult,
  SegmentedPortfolio,
} from "../../src/evaluate/segment-portfolio.js";
import { orderUpToPlan } from "../../src/model/order-up-to.js";
import type { LoadedPolicy, PolicySet, RiskTolerance, SegmentPolicy } from "../../src/types.js";
import { riskTolerance, segmentPolicy } from "../helpers/policies.js";
import { emptySamples } from "../helpers/samples.js";

const WINDOW = { from: "2026-08-03", to: "2026-10-31" };

const policy = (name: string, fillRate: number, maxShare?: number): LoadedPolicy<SegmentPolicy> =>
  segmentPolicy(
    name,
    {
      targets: { fillRate, reviewPeriodDays: 7, cover: { minWeeks: 1, maxWeeks: 8 } },
      ...(maxShare === undefined ? {} : { tolerance: { capitalShare: { max: maxShare } } }),
    },
    { "/targets/fillRate": { file: `policies/segments/${name}.yaml`, line: 20, column: 13 } },
  );

// d 10 a day, σd 4, lead times 7 and 11 (mean 9, sd 2.83), unit cost c
const sku = (name: string, cost: number): AssignedSku =>
  ({
    sku: name,
    columns: {},
    metrics: { demandStd: { value: 4, n: 90 }, plannedLeadTimeDays: { value: 9, n: 1 } },
    samples: emptySamples({ demandMean: 10, leads: [7, 11], unitCost: cost }),
    assignment: { segment: null, matched: [] },
  }) as unknown as AssignedSku;

const segment = (p: LoadedPolicy<SegmentPolicy>, skus: AssignedSku[]): SegmentResult => ({
  name: p.value.metadata.name,
  policy: p,
  skus,
  metrics: {},
});

const tolerance = (capitalMax?: number): LoadedPolicy<RiskTolerance> =>
  riskTolerance(
    { portfolio: capitalMax === undefined ? {} : { capital: { max: capitalMax } } },
    { "/portfolio/capital/max": { file: "policies/tolerance.yaml", line: 9, column: 18 } },
  );

const portfolio = (segments: SegmentResult[]): SegmentedPortfolio => ({
  skus: segments.flatMap((s) => s.skus),
  segments,
  unassigned: [],
  portfolio: {},
});

const set = (segments: SegmentResult[], capitalMax?: number): PolicySet => ({
  tolerance: tolerance(capitalMax),
  segments: segments.map((s) => s.policy),
  checks: [],
  exceptions: [],
  tests: [],
});

const conflictFindings = (p: SegmentedPortfolio, policies: PolicySet, w: typeof WINDOW) =>
  detectNow(policyToleranceConflictDetector, p, w, policies);

const many = (prefix: string, n: number, cost: number) =>
  Array.from({ length: n }, (_, i) => sku(`${prefix}${i}`, cost));

describe("policy-tolerance-conflict", () => {
  it("each SKU's implied capital is the (R, S) model's", () => {
    const s = segment(policy("core", 0.98), many("C", 2, 3));
    const plan = orderUpToPlan(
      { demandMean: 10, demandStd: 4, leadTimeMean: 9, leadTimeStd: Math.sqrt(8), unitCost: 3 },
      { fillRate: 0.98, reviewPeriodDays: 7 },
    );
    expect(impliedSegment(s).capital).toBeCloseTo(2 * plan.capital, 9);
    expect(impliedSegment(s).fillRate).toBeCloseTo(0.98, 9);
  });

  it("fires when the targets imply more than the tolerated share, with a fill rate that fits", () => {
    // identical SKUs and targets, "hero" 1.5× the unit cost: its share is 1.5 / 2.5 = 60%, tolerated 50%
    const hero = segment(policy("hero", 0.98, 0.5), many("H", 6, 1.5));
    const core = segment(policy("core", 0.98), many("C", 6, 1));
    const [f, ...rest] = conflictFindings(portfolio([hero, core]), set([hero, core]), WINDOW);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({
      id: "policy-tolerance-conflict:segment/hero:capitalShare",
      severity: "warning",
      owner: "hero@example.com",
      source: { line: 20, column: 13 },
      expected: { max: 0.5 },
    });
    const others = impliedSegment(core).capital;
    const own = impliedSegment(hero).capital;
    expect(f?.actual).toBeCloseTo(own / (own + others), 9);
    expect(f?.actual).toBeCloseTo(0.6, 9);
    const fit = f?.evidence.fitFillRate as number;
    expect(fit).toBeGreaterThan(0.5);
    expect(fit).toBeLessThan(0.98);
    expect(f?.message).toContain(`lower targets.fillRate from 0.98 to ${fit}`);
    expect(f?.message).toContain("raise tolerance.capitalShare.max from 0.5 to 0.6");
    // the fill rate it names does fit
    const at = impliedSegment(hero, { ...hero.policy.value.targets, fillRate: fit }).capital;
    expect(at / (at + others)).toBeLessThanOrEqual(0.5);
    const above = impliedSegment(hero, {
      ...hero.policy.value.targets,
      fillRate: fit + 0.002,
    }).capital;
    expect(above / (above + others)).toBeGreaterThan(0.5);
  });

  it("says when no fill-rate target fits", () => {
    // 4× the unit cost: even at a 50% fill rate the segment holds more than half the capital
    const hero = segment(policy("hero", 0.98, 0.5), many("H", 6, 4));
    const core = segment(policy("core", 0.98), many("C", 6, 1));
    const [f] = conflictFindings(portfolio([hero, core]), set([hero, core]), WINDOW);
    expect(f?.evidence.fitFillRate).toBeNull();
    expect(f?.message).toContain(
      "no fill-rate target from 50% up fits: raise tolerance.capitalShare.max from 0.5 to 0.8",
    );
  });

  it("stays quiet within the margin, and below five modelled SKUs", () => {
    // share 50% against 0.46: above the bound but within 10% of it
    const a = segment(policy("a", 0.98, 0.46), many("A", 6, 1));
    const b = segment(policy("b", 0.98), many("B", 6, 1));
    expect(0.5).toBeLessThan(0.46 * (1 + CONFLICT_MARGIN));
    expect(conflictFindings(portfolio([a, b]), set([a, b]), WINDOW)).toEqual([]);
    const few = segment(policy("few", 0.98, 0.1), many("F", 4, 10));
    expect(conflictFindings(portfolio([few, b]), set([few, b]), WINDOW)).toEqual([]);
  });

  it("fires on the portfolio's capital bound, naming the largest segment", () => {
    const core = segment(policy("core", 0.95), many("C", 6, 1));
    const implied = impliedSegment(core).capital;
    const [f] = conflictFindings(portfolio([core]), set([core], implied / 2), WINDOW);
    expect(f).toMatchObject({
      id: "policy-tolerance-conflict:portfolio/portfolio:capital",
      scope: "portfolio",
      owner: "cfo@example.com",
      source: { line: 9 },
    });
    expect(f?.actual).toBeCloseTo(implied, 9);
    expect(f?.message).toContain("starting with core");
    expect(conflictFindings(portfolio([core]), set([core], implied), WINDOW)).toEqual([]);
  });
});
