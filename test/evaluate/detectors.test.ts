/**
 * Every detector in process, on constructed portfolios: what it finds on its pattern, with the
 * policy line and evidence, and what it leaves alone on a near miss. Every finding kind is
 * asserted here at least once.
 */
import { packOrderLeads } from "../../src/metrics/lead-times.js";
import { EXCEPTION_KINDS } from "../../src/vocabulary/finding-kinds.js";
import { describe, expect, it } from "vitest";
import { DETECTORS } from "../../src/evaluate/detectors/index.js";
import { ambiguousSegmentDetector } from "../../src/evaluate/detectors/ambiguous-segment.js";
import { boundsDetector } from "../../src/evaluate/detectors/bounds.js";
import { checkDetector } from "../../src/evaluate/detectors/check.js";
import { routineOverrideSkuDetector } from "../../src/evaluate/detectors/routine-override-sku.js";
import { routineOverrideDetector } from "../../src/evaluate/detectors/routine-override.js";
import { staleReviewDetector } from "../../src/evaluate/detectors/stale-review.js";
import { unassignedSkuDetector } from "../../src/evaluate/detectors/unassigned-sku.js";
import { unmeasuredServiceDetector } from "../../src/evaluate/detectors/unmeasured-service.js";
import { detect } from "../../src/evaluate/evaluate.js";
import type {
  AssignedSku,
  SegmentResult,
  SegmentedPortfolio,
} from "../../src/evaluate/segment-portfolio.js";
import { FINDING_KINDS } from "../../src/findings/kinds.js";
import { replayedPortfolio } from "../../src/governance/replay-table.js";
import { simulate } from "../../src/governance/simulation.js";
import type { SkuMetrics, SkuSamples } from "../../src/metrics/sku-metrics.js";
import type { CheckPolicy, LoadedPolicy, PolicySet, SegmentPolicy } from "../../src/types.js";
import { detectAsync, detectNow, policiesOf } from "../helpers/detect.js";
import { riskTolerance, segmentPolicy } from "../helpers/policies.js";
import { emptySamples } from "../helpers/samples.js";

const WINDOW = { from: "2026-08-03", to: "2026-10-31" };
const at = (line: number) => ({ file: "policies/segments/core.yaml", line, column: 7 });

const sku = (
  name: string,
  segment: string | undefined,
  samples: Partial<SkuSamples> = {},
  metrics: SkuMetrics = {},
  assignment: Partial<AssignedSku["assignment"]> = {},
): AssignedSku => ({
  sku: name,
  columns: { sku: name },
  metrics,
  samples: emptySamples({ demandMean: 1, knownDays: 90, unitCost: 10, ...samples }),
  assignment: {
    segment,
    reason: "matched",
    matched: segment ? [{ name: segment, priority: 1 }] : [],
    ties: [],
    leaves: {},
    ...assignment,
  },
});

const segment = (
  policy: LoadedPolicy<SegmentPolicy>,
  skus: AssignedSku[],
  metrics: SkuMetrics = {},
): SegmentResult => ({
  name: policy.value.metadata.name,
  policy,
  skus,
  metrics,
});

const portfolioOf = (
  segments: SegmentResult[],
  extra: AssignedSku[] = [],
  metrics: SkuMetrics = {},
): SegmentedPortfolio => {
  const skus = [...segments.flatMap((s) => s.skus), ...extra];
  return {
    skus,
    segments,
    unassigned: skus.filter((k) => k.assignment.segment === undefined),
    portfolio: metrics,
  };
};

describe("the detector list", () => {
  it("raises every finding kind but the replay's and the exceptions' from one file each", () => {
    const kinds = new Set(DETECTORS.flatMap((d) => d.kinds));
    expect(FINDING_KINDS.filter((k) => !kinds.has(k))).toEqual([
      "model-mismatch",
      ...EXCEPTION_KINDS,
    ]);
    expect(new Set(DETECTORS.map((d) => d.name)).size).toBe(DETECTORS.length);
  });
});

describe("bounds", () => {
  const core = segmentPolicy(
    "core",
    {
      assumptions: { leadTimeDays: { max: 20 } },
      tolerance: { fillRate: { min: 0.95 }, demandCv: { max: 1 } },
    },
    {
      "/assumptions/leadTimeDays/max": at(12),
      "/tolerance/fillRate/min": at(20),
      "/tolerance/demandCv": at(22),
    },
  );
  const run = (metrics: SkuMetrics) =>
    detectAsync(boundsDetector, portfolioOf([segment(core, [], metrics)]), WINDOW);

  it.each([
    {
      name: "drift beyond the assumption, as a warning",
      metrics: {
        leadTimeDays: { value: 23, n: 40, interval: [21, 25] as [number, number], clusters: 8 },
      },
      expected: {
        id: "assumption-drift:segment/core:leadTimeDays",
        severity: "warning",
        source: at(12),
      },
    },
    {
      name: "drift far beyond it, as an error",
      metrics: { leadTimeDays: { value: 30, n: 40, interval: [26, 34] as [number, number] } },
      expected: { id: "assumption-drift:segment/core:leadTimeDays", severity: "error" },
    },
    {
      name: "a breach of a tolerated minimum",
      metrics: { fillRate: { value: 0.9, n: 900, interval: [0.88, 0.92] as [number, number] } },
      expected: {
        id: "tolerance-breach:segment/core:fillRate",
        severity: "warning",
        source: at(20),
        policy: "core",
      },
    },
  ])("finds $name", async ({ metrics, expected }) => {
    const found = (await run(metrics)).filter((f) => f.kind !== "insufficient-data");
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ ...expected, owner: "core@example.com", status: "new" });
    expect(found[0]?.evidence.window).toEqual(WINDOW);
    expect(found[0]?.evidence.n).toBeGreaterThan(0);
  });

  it("tests a maximum lead time on the orders as survival data, before any late one arrives", async () => {
    // 12 orders, each placed 30 days before the as-of date or earlier and none received: all
    // followed past the bound of 20 days and beyond it; 8 recent ones received in 10 days
    const open = Array.from({ length: 12 }, (_, i) => ({
      time: 30 + i,
      event: false,
      followUp: 30 + i,
    }));
    const quick = Array.from({ length: 8 }, (_, i) => ({
      time: 10,
      event: true,
      followUp: 12 + i,
    }));
    const skus = [
      sku("S1", "core", {
        orderLeads: packOrderLeads([...open.slice(0, 6), ...quick.slice(0, 4)]),
      }),
      sku("S2", "core", { orderLeads: packOrderLeads([...open.slice(6), ...quick.slice(4)]) }),
    ];
    const metrics = { leadTimeDays: { value: 18, n: 20, interval: [12, 24] as [number, number] } };
    const found = await detectAsync(
      boundsDetector,
      portfolioOf([segment(core, skus, metrics)]),
      WINDOW,
    );
    const drift = found.find((f) => f.id === "assumption-drift:segment/core:leadTimeDays");
    // the interval alone would not exclude 20; 12 of the 12 orders followed 20 days took longer
    expect(drift?.evidence.leadTimes).toMatchObject({
      estimator: "kaplan-meier",
      received: 8,
      open: 12,
      followed: 12,
      beyond: 12,
    });
    expect(drift?.evidence.leadTimes?.shareP).toBeCloseTo(0.5 ** 12, 12);
    expect(drift?.evidence.p).toBeLessThan(0.025);
    // the segment's only test: the family adjusts nothing, and says at which level it tested
    expect(drift?.evidence.adjustedP).toBe(drift?.evidence.p);
    expect(drift?.evidence).toMatchObject({ level: 0.05, tests: 1 });
    expect(drift?.message).toContain(
      "of 12 orders followed 20 days, 12 took longer; 8 received, 12 still open",
    );
  });

  it("does not flag a lead time whose orders followed past the bound mostly arrived within it", async () => {
    // 10 received in 18 days (followed 40), 4 open but not yet 20 days old, 3 received late at 25
    const orders = [
      ...Array.from({ length: 10 }, () => ({ time: 18, event: true, followUp: 40 })),
      ...Array.from({ length: 3 }, () => ({ time: 25, event: true, followUp: 40 })),
      ...Array.from({ length: 4 }, (_, i) => ({ time: 5 + i, event: false, followUp: 5 + i })),
    ];
    const metrics = {
      leadTimeDays: { value: 19.6, n: 17, interval: [18.4, 20.8] as [number, number] },
    };
    const found = await detectAsync(
      boundsDetector,
      portfolioOf([
        segment(core, [sku("S1", "core", { orderLeads: packOrderLeads(orders) })], metrics),
      ]),
      WINDOW,
    );
    expect(found.filter((f) => f.metric === "leadTimeDays")).toEqual([]);
  });

  it("says not enough data, at the bound's line, instead of a guess", async () => {
    const found = await run({
      leadTimeDays: { value: 23, n: 4, interval: [21, 25] },
      fillRate: { value: 0.9, n: 900 },
      demandCv: { value: null, n: 0, reason: "no whole week" },
    });
    expect(found.map((f) => [f.kind, f.metric, f.severity])).toEqual([
      ["insufficient-data", "leadTimeDays", "info"],
      ["insufficient-data", "fillRate", "info"],
      ["insufficient-data", "demandCv", "info"],
    ]);
    expect(found[2]).toMatchObject({
      source: at(22),
    });
    expect(found[2]?.message).toContain("no whole week");
    expect(found[0]?.message).toContain("only 4 orders placed (at least 10 needed)");
  });

  it("leaves a bound alone that the interval does not exclude", async () => {
    const found = await run({ leadTimeDays: { value: 21, n: 40, interval: [19, 23] } });
    expect(found.filter((f) => f.kind !== "insufficient-data")).toEqual([]);
  });

  it("calls expedites beyond tolerance firefighting", async () => {
    const hero = segmentPolicy("hero", { tolerance: { expediteRate: { max: 0.1 } } });
    const found = await detectAsync(
      boundsDetector,
      portfolioOf([
        segment(hero, [], { expediteRate: { value: 0.5, n: 60, interval: [0.4, 0.6] } }),
      ]),
      WINDOW,
    );
    expect(found.map((f) => [f.id, f.severity])).toEqual([
      ["firefighting:segment/hero:expediteRate", "error"],
    ]);
  });
});

describe("stale reviews", () => {
  it.each([
    { to: "2026-11-30", found: [] },
    { to: "2026-12-10", found: [["stale-review:segment/core", "warning", 100]] },
    { to: "2027-03-15", found: [["stale-review:segment/core", "error", 195]] },
  ])("on $to", ({ to, found }) => {
    const core = segmentPolicy("core", {}, { "/metadata/reviewedOn": at(5) });
    const p = portfolioOf([segment(core, [])]);
    const policies: PolicySet = {
      ...policiesOf(p),
      tolerance: riskTolerance({ metadata: { ...riskTolerance().value.metadata, reviewedOn: to } }),
    };
    const findings = detectNow(staleReviewDetector, p, { from: WINDOW.from, to }, policies);
    expect(findings.map((f) => [f.id, f.severity, f.actual])).toEqual(found);
    if (found.length) expect(findings[0]?.source).toEqual(at(5));
  });
});

describe("service that cannot be measured", () => {
  it("counts and names the SKUs left out of the segment's fill rate, with the capital they hold", () => {
    const out = (name: string, onHand: number) =>
      sku(
        name,
        "core",
        { knownDays: 90, outDays: 90, unestimated: 90, onHandMean: onHand, unitCost: 2 },
        { capital: { value: onHand * 2, n: 90 } },
      );
    const core = segment(segmentPolicy("core"), [out("Z1", 10), out("Z2", 40), sku("A", "core")]);
    const found = detectNow(unmeasuredServiceDetector, portfolioOf([core]), WINDOW);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      id: "insufficient-data:segment/core:fillRate:unmeasured",
      severity: "info",
      actual: 2,
      evidence: { n: 3, skus: ["Z2", "Z1"] },
    });
    expect(found[0]?.message).toContain(
      "Fill rate not measurable for 2 of 3 SKUs in core holding USD 100",
    );
    expect(
      detectNow(
        unmeasuredServiceDetector,
        portfolioOf([segment(segmentPolicy("core"), [sku("A", "core")])]),
        WINDOW,
      ),
    ).toEqual([]);
  });
});

describe("assignment", () => {
  it("counts the SKUs no segment takes, naming a few", () => {
    const core = segment(segmentPolicy("core"), [sku("A", "core")]);
    const found = detectNow(
      unassignedSkuDetector,
      portfolioOf([core], [sku("X1", undefined), sku("X2", undefined)]),
      WINDOW,
    );
    expect(found).toMatchObject([
      {
        id: "unassigned-sku:portfolio/portfolio",
        actual: 2,
        owner: "cfo@example.com",
        evidence: { n: 3, skus: ["X1", "X2"] },
      },
    ]);
    expect(detectNow(unassignedSkuDetector, portfolioOf([core]), WINDOW)).toEqual([]);
  });

  it("names SKUs that two segments of equal priority claim", () => {
    const tied = (name: string) => sku(name, "core", {}, {}, { ties: ["tail"] });
    const core = segment(segmentPolicy("core"), [tied("T1"), tied("T2"), sku("A", "core")]);
    const found = detectNow(ambiguousSegmentDetector, portfolioOf([core]), WINDOW);
    expect(found).toMatchObject([
      {
        id: "ambiguous-segment:segment/core+tail",
        kind: "ambiguous-segment",
        actual: 2,
        evidence: { skus: ["T1", "T2"] },
      },
    ]);
    expect(found[0]?.message).toContain("match core and tail at the same priority");
  });
});

describe("routine overrides", () => {
  const decided = (name: string, overrides: number, decisions: number, planner = "dana") =>
    sku(name, "core", {
      decisions,
      overridesUp: overrides,
      byPlanner: { [planner]: { up: overrides, down: 0, n: decisions } },
    });

  it("flags a segment and its planner when the interval's low end reaches the routine rate", () => {
    const core = segment(
      segmentPolicy("core"),
      Array.from({ length: 8 }, (_, i) => decided(`C${i}`, 8, 10)),
    );
    const found = detectNow(routineOverrideDetector, portfolioOf([core]), WINDOW);
    expect(found.map((f) => [f.id, f.severity, f.policy])).toEqual([
      ["routine-override:segment/core:overrideRate", "error", "core"],
      ["routine-override:planner/dana:overrideRate", "error", null],
    ]);
    expect(found[1]).toMatchObject({
      owner: "core@example.com",
      evidence: { n: 80, clusters: 8, upShare: 1 },
    });
  });

  it("leaves a segment alone below the rate, or with too few decisions", () => {
    const calm = segment(
      segmentPolicy("core"),
      Array.from({ length: 8 }, (_, i) => decided(`C${i}`, 1, 10)),
    );
    expect(detectNow(routineOverrideDetector, portfolioOf([calm]), WINDOW)).toEqual([]);
    const few = segment(segmentPolicy("core"), [decided("C", 9, 10)]);
    expect(detectNow(routineOverrideDetector, portfolioOf([few]), WINDOW)).toEqual([]);
  });

  it("names single SKUs by rate or streak, the most material first, and counts the rest", () => {
    const habitual = (i: number) => ({
      ...decided(`H${i}`, 10, 10),
      metrics: { capital: { value: 100 - i, n: 1 } },
    });
    const calm = Array.from({ length: 40 }, (_, i) => decided(`C${i}`, 0, 10));
    const core = segment(segmentPolicy("core"), [
      ...Array.from({ length: 7 }, (_, i) => habitual(i)),
      ...calm,
    ]);
    const found = detectNow(routineOverrideSkuDetector, portfolioOf([core]), WINDOW);
    expect(found.map((f) => f.subject)).toEqual(["H0", "H1", "H2", "H3", "H4"]);
    expect(found[4]?.evidence.more).toBe(2);
    expect(found[0]).toMatchObject({
      scope: "sku",
      policy: "core",
    });
    expect(found[0]?.message).toContain("overridden on 10 of 10");
  });
});

describe("custom checks", () => {
  const check = (scope: CheckPolicy["scope"]): LoadedPolicy<CheckPolicy> => ({
    file: "policies/checks/slow.yaml",
    positions: { "/conditions": { file: "policies/checks/slow.yaml", line: 9, column: 3 } },
    keyPositions: {},
    value: {
      apiVersion: "stockpolicy/v1",
      kind: "Check",
      metadata: {
        name: "slow",
        version: 1,
        owner: "ops@example.com",
        reviewedOn: "2026-09-01",
        reviewEveryDays: 90,
      },
      scope,
      severity: "warning",
      conditions: { all: [{ fact: "coverWeeks", operator: "greaterThan", value: 10 }] },
      message: "too much cover",
    },
  });
  const slow = (name: string, cover: number) =>
    sku(name, "core", {}, { coverWeeks: { value: cover, n: 1 }, capital: { value: cover, n: 1 } });

  it("fires per SKU, at most five a segment, and counts the rest", async () => {
    const core = segment(segmentPolicy("core"), [
      ...Array.from({ length: 7 }, (_, i) => slow(`S${i}`, 20 + i)),
      slow("OK", 2),
    ]);
    const p = portfolioOf([core]);
    const found = await detectAsync(checkDetector, p, WINDOW, {
      ...policiesOf(p),
      checks: [check("sku")],
    });
    expect(found.map((f) => [f.id, f.severity])).toEqual([
      ["check:sku/S6:slow", "warning"],
      ["check:sku/S5:slow", "warning"],
      ["check:sku/S4:slow", "warning"],
      ["check:sku/S3:slow", "warning"],
      ["check:sku/S2:slow", "warning"],
      ["check:segment/core:slow", "info"],
    ]);
    expect(found[0]).toMatchObject({
      metric: "coverWeeks",
      actual: 26,
      source: { line: 9 },
      owner: "ops@example.com",
    });
    expect(found[5]?.evidence).toMatchObject({ n: 2, skus: ["S1", "S0"] });
  });

  it("fires on a segment's and the portfolio's metrics", async () => {
    const core = segment(segmentPolicy("core"), [], { coverWeeks: { value: 12, n: 3 } });
    const p = portfolioOf([core], [], { coverWeeks: { value: 4, n: 3 } });
    const bySegment = await detectAsync(checkDetector, p, WINDOW, {
      ...policiesOf(p),
      checks: [check("segment")],
    });
    expect(bySegment.map((f) => f.id)).toEqual(["check:segment/core:slow"]);
    const byPortfolio = await detectAsync(checkDetector, p, WINDOW, {
      ...policiesOf(p),
      checks: [check("portfolio")],
    });
    expect(byPortfolio).toEqual([]);
  });
});

describe("detect", () => {
  it("runs every detector on one context, in the list's order", async () => {
    const core = segment(segmentPolicy("core"), [sku("A", "core")]);
    const p = portfolioOf([core], [sku("X", undefined)]);
    const found = await detect({
      portfolio: p,
      policies: policiesOf(p),
      window: WINDOW,
      currency: "USD",
    });
    expect(found.findings.map((f) => f.kind)).toEqual(["unassigned-sku"]);
  });
});

describe("model-mismatch (the replay's finding)", () => {
  it("says when replaying the policy gives a fill rate far from the formula's", () => {
    // lumpy demand: 70 units every 14th day; the formula assumes normal daily demand of 5 ± 17
    const lumpy = (name: string) => {
      const demand = Float64Array.from({ length: 182 }, (_, d) => (d % 14 === 13 ? 70 : 0));
      return sku(
        name,
        "core",
        { demandMean: 5, dailyDemand: demand, leads: [7, 7, 7], unitCost: 2 },
        { demandStd: { value: 17.5, n: 182 }, plannedLeadTimeDays: { value: 7, n: 1 } },
      );
    };
    const core = segmentPolicy("core", {}, { "/targets/fillRate": at(30) });
    const p = portfolioOf([
      segment(
        core,
        Array.from({ length: 6 }, (_, i) => lumpy(`L${i}`)),
      ),
    ]);
    const s = simulate(
      p,
      { from: "2026-05-03", to: "2026-10-31", currency: "USD", policies: [] },
      replayedPortfolio(p, { frontier: false }),
    );
    expect(s.findings).toMatchObject([
      {
        id: "model-mismatch:segment/core:fillRate",
        kind: "model-mismatch",
        severity: "info",
        source: at(30),
        policy: "core",
      },
    ]);
    const gap =
      (s.findings[0]?.evidence.replayFillRate ?? 0) -
      (s.findings[0]?.evidence.formulaFillRate ?? 0);
    expect(Math.abs(gap)).toBeGreaterThan(0.05);
  });
});
