/**
 * init's segmentation (governance/draft-segments.ts, draft-cells.ts) on constructed SKUs: ABC by
 * value × XYZ by weekly demand CV with intermittent demand apart; the conditions written take
 * exactly the SKUs each segment counted, evaluated as the evaluation evaluates them; small cells
 * merge into their neighbours and say so; never more than MAX_SEGMENTS drawn.
 */
import { describe, expect, it } from "vitest";
import { MAX_SEGMENTS, draftSegments, leadTimeBands } from "../../src/governance/draft-segments.js";
import type { SegmentDraft } from "../../src/governance/draft-segments.js";
import { niceCut, valueBasis } from "../../src/governance/draft-cells.js";
import { niceBound } from "../../src/governance/draft-bounds.js";
import { compileCondition } from "../../src/evaluate/compile-condition.js";
import { abcClasses } from "../../src/evaluate/segment-portfolio.js";
import type { SkuEvaluation } from "../../src/metrics/sku-metrics.js";

interface Shape {
  lead?: number;
  pattern?: string;
  cv?: number;
  demand?: number;
  revenue?: number;
  segment?: string;
}

const sku = (i: number, shape: Shape): SkuEvaluation => {
  const m = (value: unknown) => (value === undefined ? undefined : { value, n: 90 });
  return {
    sku: `S${String(i).padStart(4, "0")}`,
    columns: shape.segment ? { segment: shape.segment } : {},
    metrics: {
      plannedLeadTimeDays: m(shape.lead ?? 7),
      demandPattern: m(shape.pattern ?? "smooth"),
      demandCv: m(shape.cv),
      demandMean: m(shape.demand),
      revenue: m(shape.revenue),
    },
    samples: {},
  } as unknown as SkuEvaluation;
};

/** Sets abcClass as the evaluation does (cumulative revenue 80/15/5) where revenue is known. */
function withAbc(skus: SkuEvaluation[]): SkuEvaluation[] {
  const classes = abcClasses(skus.filter((s) => s.metrics.revenue !== undefined));
  for (const s of skus) {
    const c = classes.get(s.sku);
    if (c) (s.metrics as Record<string, unknown>).abcClass = { value: c, n: 1 };
  }
  return skus;
}

/** The segment each SKU lands in when the drafted conditions run, highest priority first. */
function landing(drafts: readonly SegmentDraft[], s: SkuEvaluation): string | undefined {
  const facts = Object.fromEntries(
    Object.entries(s.metrics).flatMap(([k, v]) =>
      v && (v as { value: unknown }).value !== null ? [[k, (v as { value: unknown }).value]] : [],
    ),
  );
  const member = (a: unknown, b: unknown) => (b as unknown[]).includes(a);
  const ordered = [...drafts].sort((a, b) => b.priority - a.priority);
  return ordered.find((d) => d.match && compileCondition(d.match, member)?.(facts))?.name;
}

/** A long-tailed portfolio: demand falling with i, every fourth SKU variable, some intermittent. */
function portfolio(n: number, priced: boolean): SkuEvaluation[] {
  return withAbc(
    Array.from({ length: n }, (_, i) => {
      const demand = Math.round(1000 / (i + 1)) / 10;
      const pattern = i % 7 === 3 ? "intermittent" : i % 11 === 5 ? "lumpy" : "smooth";
      const cv = i % 4 === 1 ? 0.7 : i % 9 === 2 ? 1.4 : 0.3;
      return sku(i, {
        demand,
        pattern,
        cv,
        lead: i % 3 === 0 ? 45 : 10,
        ...(priced ? { revenue: demand * 90 * 12 } : {}),
      });
    }),
  );
}

describe("draftSegments", () => {
  it.each([
    ["revenue", true],
    ["units sold", false],
  ])(
    "writes conditions that take exactly the SKUs each segment counted (value by %s)",
    (_, priced) => {
      const skus = portfolio(600, priced);
      const drafts = draftSegments(skus);
      const cells = drafts.filter((d) => d.cell);
      expect(cells.length).toBeGreaterThanOrEqual(4);
      expect(drafts.length).toBeLessThanOrEqual(MAX_SEGMENTS);
      expect(cells.every((d) => d.valueBy === (priced ? "revenue" : "units"))).toBe(true);
      for (const d of drafts)
        for (const s of d.skus) expect(landing(drafts, s), `${s.sku} in ${d.name}`).toBe(d.name);
      // every SKU in exactly one drafted segment
      expect(drafts.reduce((t, d) => t + d.skus.length, 0)).toBe(skus.length);
      expect(new Set(drafts.map((d) => d.priority)).size).toBe(drafts.length);
    },
  );

  it("cuts units at the 80/15/5 shares, each cut the shortest decimal between two SKUs", () => {
    const skus = portfolio(600, false);
    const basis = valueBasis(skus);
    expect(basis.by).toBe("units");
    const [ab, bc] = basis.cuts ?? [];
    const demand = (s: SkuEvaluation) => s.metrics.demandMean?.value as number;
    const total = skus.reduce((t, s) => t + demand(s), 0);
    const share = (cut: number) =>
      skus.filter((s) => demand(s) >= cut).reduce((t, s) => t + demand(s), 0) / total;
    expect(share(ab as number)).toBeGreaterThanOrEqual(0.8);
    expect(share(ab as number) - 0.8).toBeLessThan(0.01);
    expect(share(bc as number)).toBeGreaterThanOrEqual(0.95);
    expect(niceCut(2.93, 3.47)).toBe(3);
    expect(niceCut(0.8412, 0.849)).toBe(0.849);
    expect(niceCut(0.84, 0.84)).toBe(0.84);
  });

  it("merges a cell under the minimum into its smallest neighbour and says so", () => {
    // units: 60 A-X SKUs (80% of units exactly), 40 B-X (15%), 30 C-X and 4 C-Y (5%): C-Y joins C-X
    const skus = [
      ...Array.from({ length: 60 }, (_, i) => sku(i, { demand: 10, cv: 0.2 })),
      ...Array.from({ length: 40 }, (_, i) => sku(100 + i, { demand: 2.8125, cv: 0.3 })),
      ...Array.from({ length: 30 }, (_, i) => sku(200 + i, { demand: 1.125, cv: 0.2 })),
      ...Array.from({ length: 4 }, (_, i) => sku(300 + i, { demand: 0.9375, cv: 0.8 })),
    ];
    const drafts = draftSegments(skus);
    expect(drafts.map((d) => [d.name, d.skus.length])).toEqual([
      ["a", 60],
      ["b", 40],
      ["c", 34],
      ["other", 0],
    ]);
    const c = drafts.find((d) => d.name === "c");
    expect(c?.merges?.join("; ")).toMatch(
      /C-Y\+Z\+intermittent \(4 SKUs\) is under the minimum of 10: merged with .*C-X/,
    );
    // a C SKU of any variability lands in it, not in the catch-all
    expect(landing(drafts, sku(999, { demand: 0.5, cv: 3 }))).toBe("c");
  });

  it("merges a lead-time band too small to stand alone into its smaller neighbour", () => {
    const skus = [
      ...Array.from({ length: 30 }, (_, i) => sku(i, { lead: 7 })),
      ...Array.from({ length: 3 }, (_, i) => sku(100 + i, { lead: 20 })),
      ...Array.from({ length: 40 }, (_, i) => sku(200 + i, { lead: 90 })),
    ];
    const bands = leadTimeBands(skus, 10);
    expect(bands.map((b) => [b.lo, b.hi, b.skus.length])).toEqual([
      [0, 30, 33],
      [61, Infinity, 40],
    ]);
  });

  it("keeps skus.csv's pinned segments without match, and unmeasured SKUs in one segment a band", () => {
    const skus = [
      ...Array.from({ length: 30 }, (_, i) => sku(i, { lead: 7 })),
      ...Array.from({ length: 40 }, (_, i) => sku(100 + i, { lead: 90 })),
      ...Array.from({ length: 4 }, (_, i) => sku(200 + i, { lead: 7, segment: "clearance" })),
    ];
    const drafts = draftSegments(skus);
    // no demand measured: no cell, one segment a band, named by its lead times
    expect(drafts.map((d) => [d.name, d.skus.length])).toEqual([
      ["clearance", 4],
      ["lead-up-to-14d", 30],
      ["lead-61d-plus", 40],
    ]);
    expect(drafts[0]?.match).toBeUndefined();
  });

  it("keeps a pinned segment's name when a drawn one would take it", () => {
    const skus = [
      ...Array.from({ length: 30 }, (_, i) => sku(i, { demand: 1, cv: 0.2 })),
      ...Array.from({ length: 5 }, (_, i) => sku(100 + i, { segment: "other" })),
    ];
    const names = draftSegments(skus).map((d) => d.name);
    expect(names).toEqual(["other", "all", "other-drawn"]);
  });
});

describe("niceBound", () => {
  it("rounds to two significant figures away from the data", () => {
    expect(niceBound(0.3312, "max")).toBe(0.34);
    expect(niceBound(0.3312, "min")).toBe(0.33);
    expect(niceBound(1234, "max")).toBe(1300);
    expect(niceBound(0.7, "max")).toBe(0.7);
  });
});
