import { describe, expect, it } from "vitest";
import { finding } from "../../src/findings/finding.js";
import type { Finding } from "../../src/findings/finding.js";
import { coverOutside, groupByFact, lostRevenue } from "../../src/governance/report-facts.js";
import type { SkuEvaluation } from "../../src/metrics/sku-metrics.js";

const rateFinding = (
  kind: "routine-override" | "tolerance-breach",
  scope: "segment" | "planner",
  subject: string,
  actual = 0.605,
): Finding =>
  finding({
    kind,
    severity: "error",
    scope,
    subject,
    metric: "overrideRate",
    expected: { max: 0.3 },
    actual,
    evidence: {
      n: 311,
      interval: [0.562, 0.647],
      window: { from: "2026-08-03", to: "2026-10-31" },
    },
    message: `${subject} overrides`,
    owner: "x@example.com",
    line: { in: { file: "policies/tolerance.yaml", positions: {} }, at: [] },
  });

describe("groupByFact", () => {
  it("groups findings that measured the same rate on the same decisions, and no others", () => {
    const dana = rateFinding("routine-override", "planner", "dana");
    const trend = rateFinding("routine-override", "segment", "trend");
    const breach = rateFinding("tolerance-breach", "segment", "trend");
    const other = rateFinding("tolerance-breach", "segment", "core", 0.4);
    expect(groupByFact([dana, other, trend, breach]).map((g) => g.map((f) => f.subject))).toEqual([
      ["dana", "trend", "trend"],
      ["core"],
    ]);
  });
});

const sku = (revenue: number | null, fillRate: number | null): SkuEvaluation =>
  ({
    sku: "A",
    columns: {},
    metrics: { revenue: { value: revenue, n: 90 }, fillRate: { value: fillRate, n: 90 } },
    samples: {},
  }) as unknown as SkuEvaluation;

describe("lostRevenue", () => {
  it("scales each SKU's revenue by its unserved share; unpriced SKUs add nothing", () => {
    // 800 sold at 80% served: demand was 1000, 200 of it lost
    expect(lostRevenue([sku(800, 0.8), sku(null, 0.5), sku(100, 1)])).toBeCloseTo(200, 9);
    expect(lostRevenue([sku(null, 0.5)])).toBeNull();
  });
});

describe("coverOutside", () => {
  it("says below or above the target range, null inside it", () => {
    expect(coverOutside(1, { min: 2, max: 8 })).toBe("below");
    expect(coverOutside(9, { min: 2, max: 8 })).toBe("above");
    expect(coverOutside(4, { min: 2, max: 8 })).toBeNull();
    expect(coverOutside(null, { min: 2 })).toBeNull();
  });
});
