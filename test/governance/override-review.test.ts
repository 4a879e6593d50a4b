/**
 * The overrides section on constructed segments, with every number worked out by hand: rates by
 * segment and planner, the outcome comparison (compared only with enough decisions in each
 * group), and overriding on the rise.
 */
import { weekCountsOf } from "../../src/metrics/week-counts.js";
import { describe, expect, it } from "vitest";
import type { AssignedSku, SegmentResult } from "../../src/evaluate/segment-portfolio.js";
import { MIN_GROUP, overrideReview } from "../../src/governance/override-review.js";
import type { DecisionOutcome, SkuSamples } from "../../src/metrics/sku-metrics.js";
import { proportionInterval, ratioEstimate, twoProportionP } from "../../src/stats/stats.js";
import type { LoadedPolicy, SegmentPolicy } from "../../src/types.js";
import { segmentPolicy } from "../helpers/policies.js";
import { emptySamples } from "../helpers/samples.js";

const policy = (name: string, maxWeeks: number): LoadedPolicy<SegmentPolicy> =>
  segmentPolicy(name, {
    targets: { fillRate: 0.9, reviewPeriodDays: 7, cover: { minWeeks: 1, maxWeeks } },
    tolerance: { overrideRate: { max: 0.2 } },
  });

const sku = (name: string, samples: Partial<SkuSamples>): AssignedSku =>
  ({
    sku: name,
    columns: {},
    metrics: {},
    samples: emptySamples(samples),
    assignment: { segment: null, matched: [] },
  }) as unknown as AssignedSku;

const outcomes = (
  n: number,
  direction: DecisionOutcome["direction"],
  stockouts: number,
  cover: (i: number) => number,
): DecisionOutcome[] =>
  Array.from({ length: n }, (_, i) => ({
    direction,
    planner: "ana",
    stockout: i < stockouts,
    coverWeeks: cover(i),
  }));

const segment = (name: string, skus: AssignedSku[], maxWeeks = 4): SegmentResult => ({
  name,
  policy: policy(name, maxWeeks),
  skus,
  metrics: {},
});

describe("override review", () => {
  it("rates by segment and by planner, both directions", () => {
    const review = overrideReview(
      [
        segment("core", [
          sku("a", {
            decisions: 10,
            overridesUp: 2,
            overridesDown: 1,
            byPlanner: { ana: { up: 2, down: 0, n: 6 }, "": { up: 0, down: 1, n: 4 } },
          }),
          sku("b", {
            decisions: 10,
            overridesUp: 0,
            overridesDown: 0,
            byPlanner: { ana: { up: 0, down: 0, n: 10 } },
          }),
        ]),
      ],
      0.3,
    );
    const core = review.segments[0];
    expect(core).toMatchObject({ name: "core", decisions: 20, limit: 0.2 });
    expect(core?.rate.value).toBeCloseTo(3 / 20, 12);
    // the findings' interval: SKUs as clusters (a SKU's decisions are not independent), within 0..1
    const clustered = ratioEstimate([3, 0], [10, 10])?.interval ?? [0, 0];
    expect(core?.rate.interval).toEqual([Math.max(0, clustered[0]), Math.min(1, clustered[1])]);
    expect(core?.upRate.interval).toEqual(proportionInterval(2, 20)?.interval);
    expect(core?.upRate.value).toBeCloseTo(0.1, 12);
    expect(core?.downRate.value).toBeCloseTo(0.05, 12);
    expect(review.planners.map((p) => [p.name, p.decisions, p.rate.value, p.limit])).toEqual([
      ["(not named)", 4, 0.25, 0.3],
      ["ana", 16, 2 / 16, 0.3],
    ]);
  });

  it("overrides that end in stockout more often: 12 of 30 against 6 of 60", () => {
    // excess: cover above 4 weeks — 3 of 30 overridden (i < 3), 6 of 60 followed (i < 6)
    const review = overrideReview(
      [
        segment("core", [
          sku("a", {
            outcomes: [
              ...outcomes(30, "up", 12, (i) => (i < 3 ? 5 : 2)),
              ...outcomes(60, "followed", 6, (i) => (i < 6 ? 4.5 : 4)),
            ],
          }),
        ]),
      ],
      0.3,
    );
    expect(review.judged).toEqual({ overridden: 30, followed: 60 });
    const [stockout, excess] = review.outcomes;
    expect(stockout?.overridden.value).toBeCloseTo(0.4, 12);
    expect(stockout?.followed.value).toBeCloseTo(0.1, 12);
    // pooled 18/90 = 0.2; z = 0.3 / √(0.2·0.8·(1/30 + 1/60)) = 3.354; p = 0.000797
    expect(stockout?.p).toBeCloseTo(twoProportionP(12, 30, 6, 60), 12);
    expect(stockout?.p).toBeCloseTo(0.000797, 5);
    expect(stockout?.verdict).toBe("more often");
    // 10% against 10%: no difference; 4 weeks exactly is not above the 4-week cap
    expect(excess?.overridden.value).toBeCloseTo(0.1, 12);
    expect(excess?.followed.value).toBeCloseTo(0.1, 12);
    expect(excess?.verdict).toBe("no clear difference");
  });

  it("says not enough data below the minimum group size", () => {
    const review = overrideReview(
      [
        segment("core", [
          sku("a", {
            outcomes: [
              ...outcomes(MIN_GROUP - 1, "down", MIN_GROUP - 1, () => 1),
              ...outcomes(100, "followed", 0, () => 1),
            ],
          }),
        ]),
      ],
      0.3,
    );
    expect(review.outcomes[0]).toMatchObject({ verdict: "not enough data", p: null });
  });

  it("overriding on the rise: 2 of 40 then 12 of 40 is rising; 4 then 4 is not", () => {
    // 12 weeks of 10 decisions; thirds of 4 weeks
    const weeks = (perWeek: (w: number) => number) =>
      weekCountsOf(
        Array.from({ length: 12 }, (_, w) => ({ decisions: 10, down: 0, overridden: perWeek(w) })),
      );
    const review = overrideReview(
      [
        segment("rising", [
          sku("a", { weeks: weeks((w) => (w < 2 ? 1 : w < 4 ? 0 : w < 8 ? 1 : 3)) }),
        ]),
        segment("flat", [sku("b", { weeks: weeks(() => 1) })]),
      ],
      0.3,
    );
    const [rising, flat] = review.rising;
    expect(rising?.early).toMatchObject({ value: 2 / 40, n: 40 });
    expect(rising?.late).toMatchObject({ value: 12 / 40, n: 40 });
    // 12 | 14 ~ Binomial(14, 1/2): P(X ≥ 12) = (1 + 14 + 91) / 16384 = 0.00647
    expect(rising?.p).toBeCloseTo(106 / 16384, 10);
    expect(rising?.rising).toBe(true);
    expect(flat?.rising).toBe(false);
    expect(flat?.p).toBeGreaterThan(0.5);
  });
});
