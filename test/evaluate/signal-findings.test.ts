/** The warning signals on small constructed portfolios: each fires on its pattern and not on a near miss. */
import { weekCountsOf } from "../../src/metrics/week-counts.js";
import { describe, expect, it } from "vitest";
import type {
  AssignedSku,
  SegmentResult,
  SegmentedPortfolio,
} from "../../src/evaluate/segment-portfolio.js";
import { asymmetryDetector } from "../../src/evaluate/detectors/asymmetry.js";
import { firefightingDetector } from "../../src/evaluate/detectors/firefighting.js";
import { inconsistencyDetector } from "../../src/evaluate/detectors/inconsistency.js";
import { reactiveCutDetector } from "../../src/evaluate/detectors/reactive-cut.js";
import { segmentMismatchDetector } from "../../src/evaluate/detectors/segment-mismatch.js";
import { detectNow, policiesOf } from "../helpers/detect.js";
import type { PeriodSamples, SkuSamples } from "../../src/metrics/sku-metrics.js";
import { riskTolerance, segmentPolicy } from "../helpers/policies.js";
import { emptySamples } from "../helpers/samples.js";
import type { LoadedPolicy, RiskTolerance, SegmentPolicy } from "../../src/types.js";

const WINDOW = { from: "2026-08-03", to: "2026-10-31" };

const policy = (name: string, withMatch = true): LoadedPolicy<SegmentPolicy> =>
  segmentPolicy(name, {
    ...(withMatch ? { match: { all: [{ fact: "line", operator: "equal", value: name }] } } : {}),
    assumptions: {},
    tolerance: {},
  });

const TOLERANCE: LoadedPolicy<RiskTolerance> = riskTolerance();

type Window = { from: string; to: string };
const firefighting = (p: SegmentedPortfolio, w: Window) => detectNow(firefightingDetector, p, w);
const asymmetry = (p: SegmentedPortfolio, w: Window) => detectNow(asymmetryDetector, p, w);
const inconsistencies = (p: SegmentedPortfolio, w: Window) =>
  detectNow(inconsistencyDetector, p, w);
const segmentMismatches = (p: SegmentedPortfolio, w: Window) =>
  detectNow(segmentMismatchDetector, p, w);
const reactiveCuts = (p: SegmentedPortfolio, t: LoadedPolicy<RiskTolerance>, w: Window) =>
  detectNow(reactiveCutDetector, p, w, policiesOf(p, t));

const period = (p: Partial<PeriodSamples>): PeriodSamples => ({
  from: "",
  to: "",
  stockoutDays: 0,
  knownDays: 30,
  onHandMean: null,
  orders: 0,
  expedited: 0,
  ...p,
});

const sku = (
  name: string,
  segment: string,
  samples: Partial<SkuSamples>,
  assignment: Partial<AssignedSku["assignment"]> = {},
): AssignedSku => ({
  sku: name,
  columns: { sku: name },
  metrics: {},
  samples: emptySamples({
    demandMean: 1,
    knownDays: 90,
    unitCost: 10,
    periods: [period({}), period({}), period({})],
    ...samples,
  }),
  assignment: {
    segment,
    reason: "matched",
    matched: [{ name: segment, priority: 1 }],
    ties: [],
    leaves: {},
    ...assignment,
  },
});

const portfolio = (
  segments: { name: string; skus: AssignedSku[]; capital?: number; withMatch?: boolean }[],
): SegmentedPortfolio => {
  const results: SegmentResult[] = segments.map((s) => ({
    name: s.name,
    policy: policy(s.name, s.withMatch ?? true),
    skus: s.skus,
    metrics: { capital: { value: s.capital ?? 0, n: s.skus.length } },
  }));
  const all = segments.flatMap((s) => s.skus);
  return { skus: all, segments: results, unassigned: [], portfolio: {} };
};

const tenSkus = (segment: string, make: (i: number) => Partial<SkuSamples>): AssignedSku[] =>
  Array.from({ length: 10 }, (_, i) => sku(`${segment}-${i}`, segment, make(i)));

describe("firefighting", () => {
  it("fires when expedites per order rise from the first third to the last", () => {
    const p = portfolio([
      {
        name: "hero",
        skus: tenSkus("hero", () => ({
          periods: [period({ orders: 5 }), period({}), period({ orders: 5, expedited: 1 })],
        })),
      },
    ]);
    const [f] = firefighting(p, WINDOW);
    expect(f).toMatchObject({
      id: "firefighting:segment/hero:expediteRate:trend",
      kind: "firefighting",
      actual: 0.2,
    });
    expect(f?.evidence.p).toBeCloseTo(1 / 1024, 12); // all 10 expedites fell in the last third
  });

  it("stays quiet when the rise could be chance", () => {
    const p = portfolio([
      {
        name: "hero",
        skus: tenSkus("hero", (i) => ({
          periods: [
            period({ orders: 5, expedited: i < 5 ? 1 : 0 }),
            period({}),
            period({ orders: 5, expedited: i < 6 ? 1 : 0 }),
          ],
        })),
      },
    ]);
    expect(firefighting(p, WINDOW)).toEqual([]);
  });

  it("counts a SKU as one: one SKU's run of expedites is not the segment's rise", () => {
    // 8 of its 10 orders expedited in the last third, none before; nine SKUs unchanged. Orders
    // taken as independent, p = 0.5^8 = 0.004; with the SKU as the unit only one SKU rose (p 0.5)
    const p = portfolio([
      {
        name: "hero",
        skus: tenSkus("hero", (i) => ({
          periods: [
            period({ orders: i === 0 ? 10 : 5 }),
            period({}),
            period({ orders: i === 0 ? 10 : 5, expedited: i === 0 ? 8 : 0 }),
          ],
        })),
      },
    ]);
    expect(firefighting(p, WINDOW)).toEqual([]);
  });
});

describe("asymmetry", () => {
  // demand 1/day, cover cap 2 weeks = 14 units; on hand 20 → 30 → 40: excess 6 → 16 → 26 units at 10 each
  const growing = (stockouts: number) => () => ({
    onHandMean: 30,
    periods: [
      period({ onHandMean: 20 }),
      period({ onHandMean: 30 }),
      period({ onHandMean: 40, stockoutDays: stockouts }),
    ],
  });

  it("fires when excess grows in every third while stockouts rise", () => {
    const [f] = asymmetry(
      portfolio([{ name: "core", capital: 3000, skus: tenSkus("core", growing(2)) }]),
      WINDOW,
    );
    expect(f?.kind).toBe("asymmetry");
    expect(f?.evidence.excess).toEqual([600, 1600, 2600]);
    expect(f?.evidence.stockoutDays).toEqual([0, 20]);
  });

  it("stays quiet when stockouts did not rise, or the excess is immaterial", () => {
    expect(
      asymmetry(
        portfolio([{ name: "core", capital: 3000, skus: tenSkus("core", growing(0)) }]),
        WINDOW,
      ),
    ).toEqual([]);
    expect(
      asymmetry(
        portfolio([{ name: "core", capital: 1_000_000, skus: tenSkus("core", growing(2)) }]),
        WINDOW,
      ),
    ).toEqual([]);
  });
});

describe("reactive cuts", () => {
  const weeks = (surge: boolean) =>
    weekCountsOf(
      Array.from({ length: 12 }, (_, w) => ({
        decisions: 20,
        down: surge && w >= 5 && w <= 7 ? 10 : 1,
        overridden: surge && w >= 5 && w <= 7 ? 10 : 1,
      })),
    );

  it("fires when two segments cut in the same weeks", () => {
    const p = portfolio([
      { name: "core", skus: [sku("c", "core", { weeks: weeks(true) })] },
      { name: "tail", skus: [sku("t", "tail", { weeks: weeks(true) })] },
    ]);
    const [f] = reactiveCuts(p, TOLERANCE, WINDOW);
    expect(f).toMatchObject({
      id: "reactive-cut:portfolio/portfolio:overrideDownRate",
      owner: "cfo@example.com",
    });
    expect(
      (f?.evidence.segments as { segment: string; start: number }[]).map((s) => [
        s.segment,
        s.start,
      ]),
    ).toEqual([
      ["core", 5],
      ["tail", 5],
    ]);
  });

  it("takes a segment's base rate from before the span: overriding that stops later makes no wave", () => {
    // 4 of 20 cut each week, 6 of 20 in weeks 5–7, then none: against the rest of the window the
    // span stands out (0.3 against 0.11); against the weeks before it, it does not (0.3 against 0.2)
    const settling = weekCountsOf(
      Array.from({ length: 12 }, (_, w) => {
        const down = w < 5 ? 4 : w <= 7 ? 6 : 0;
        return { decisions: 20, down, overridden: down };
      }),
    );
    const p = portfolio([
      { name: "core", skus: [sku("c", "core", { weeks: settling })] },
      { name: "tail", skus: [sku("t", "tail", { weeks: settling })] },
    ]);
    expect(reactiveCuts(p, TOLERANCE, WINDOW)).toEqual([]);
  });

  it("stays quiet when only one segment cut", () => {
    const p = portfolio([
      { name: "core", skus: [sku("c", "core", { weeks: weeks(true) })] },
      { name: "tail", skus: [sku("t", "tail", { weeks: weeks(false) })] },
    ]);
    expect(reactiveCuts(p, TOLERANCE, WINDOW)).toEqual([]);
  });
});

describe("segment mismatches", () => {
  it("names a SKU pinned where it does not belong, and a pin to no segment", () => {
    const pinned = sku(
      "P1",
      "core",
      {},
      { reason: "pinned", matched: [{ name: "tail", priority: 1 }] },
    );
    const lost = sku("P2", "core", {}, { unknownPin: "clearence" });
    const found = segmentMismatches(
      portfolio([
        { name: "core", skus: [pinned, lost] },
        { name: "tail", skus: [] },
      ]),
      WINDOW,
    );
    expect(found.map((f) => [f.id, f.actual])).toEqual([
      ["segment-mismatch:sku/P1", "tail"],
      ["segment-mismatch:sku/P2", "clearence"],
    ]);
  });

  it("leaves a SKU pinned to a segment without conditions alone", () => {
    const pinned = sku(
      "P1",
      "clearance",
      {},
      { reason: "pinned", matched: [{ name: "core", priority: 1 }] },
    );
    expect(
      segmentMismatches(
        portfolio([{ name: "clearance", skus: [pinned], withMatch: false }]),
        WINDOW,
      ),
    ).toEqual([]);
  });
});

describe("inconsistency", () => {
  const comparable = (
    name: string,
    segment: string,
    cover: number,
    planner: string,
  ): AssignedSku => ({
    ...sku(name, segment, { byPlanner: { [planner]: { up: 0, down: 0, n: 10 } } }),
    metrics: {
      demandPattern: { value: "smooth", n: 90 },
      plannedLeadTimeDays: { value: 20, n: 1 },
      coverWeeks: { value: cover, n: 90 },
    },
  });
  const five = (segment: string, cover: number, planner: string, prefix: string): AssignedSku[] =>
    Array.from({ length: 5 }, (_, i) =>
      comparable(`${prefix}${i}`, segment, cover + i * 0.1, planner),
    );

  it("names two planners who hold comparable SKUs of one segment at very different cover", () => {
    const p = portfolio([
      { name: "core", skus: [...five("core", 2, "ana", "A"), ...five("core", 6, "ben", "B")] },
    ]);
    const found = inconsistencies(p, WINDOW);
    expect(found.map((f) => f.id)).toEqual(["inconsistency:planner/ana~ben:coverWeeks"]);
    expect(found[0]?.actual).toBeCloseTo(6.2 / 2.2, 9);
  });

  it("names two segments with like targets, but not when their policies say why", () => {
    const like = portfolio([
      { name: "core", skus: five("core", 2, "ana", "A") },
      { name: "more", skus: five("more", 6, "ana", "B") },
    ]);
    expect(inconsistencies(like, WINDOW).map((f) => f.id)).toEqual([
      "inconsistency:segment/core~more:coverWeeks",
    ]);
    const more = like.segments[1] as SegmentResult;
    more.policy.value.targets.cover.maxWeeks = 8; // 8 against 2: the policies differ on purpose
    expect(inconsistencies(like, WINDOW)).toEqual([]);
  });

  it("stays quiet when the cover differs by less than half", () => {
    const p = portfolio([
      { name: "core", skus: [...five("core", 3, "ana", "A"), ...five("core", 5, "ben", "B")] },
    ]);
    expect(inconsistencies(p, WINDOW)).toEqual([]);
  });
});
