import { describe, expect, it } from "vitest";
import { draftSegments, leadTimeBands } from "../../src/governance/draft-segments.js";
import { niceBound } from "../../src/governance/draft-bounds.js";
import type { SkuEvaluation } from "../../src/metrics/sku-metrics.js";

const sku = (i: number, lead: number, pattern = "smooth", segment?: string): SkuEvaluation =>
  ({
    sku: `S${String(i).padStart(3, "0")}`,
    columns: segment ? { segment } : {},
    metrics: {
      plannedLeadTimeDays: { value: lead, n: 1 },
      demandPattern: { value: pattern, n: 90 },
    },
    samples: {},
  }) as unknown as SkuEvaluation;

describe("draftSegments", () => {
  it("merges a lead-time band too small to stand alone into its smaller neighbour", () => {
    const skus = [
      ...Array.from({ length: 30 }, (_, i) => sku(i, 7)),
      ...Array.from({ length: 3 }, (_, i) => sku(100 + i, 20)),
      ...Array.from({ length: 40 }, (_, i) => sku(200 + i, 90)),
    ];
    const bands = leadTimeBands(skus, 10);
    expect(bands.map((b) => [b.lo, b.hi, b.skus.length])).toEqual([
      [0, 30, 33],
      [61, Infinity, 40],
    ]);
  });

  it("splits by demand pattern only where both halves keep enough SKUs; priorities all differ", () => {
    const skus = [
      ...Array.from({ length: 30 }, (_, i) => sku(i, 7, "smooth")),
      ...Array.from({ length: 12 }, (_, i) => sku(50 + i, 7, "lumpy")),
      ...Array.from({ length: 4 }, (_, i) => sku(80 + i, 7, "smooth", "clearance")),
    ];
    const drafts = draftSegments(skus);
    expect(drafts.map((d) => [d.name, d.skus.length])).toEqual([
      ["clearance", 4],
      ["lead-up-to-14d-smooth", 30],
      ["lead-up-to-14d-variable", 12],
      ["lead-up-to-14d-other", 0],
    ]);
    expect(new Set(drafts.map((d) => d.priority)).size).toBe(drafts.length);
    expect(drafts[0]?.match).toBeUndefined();
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
