import { describe, expect, it } from "vitest";
import { canOverlap } from "../../src/policy/segment-overlap.js";
import type { Condition } from "../../src/types.js";

const leaf = (fact: string, operator: string, value: unknown): Condition => ({
  fact,
  operator,
  value,
});

describe("canOverlap", () => {
  it.each<{ name: string; a: Condition; b: Condition; overlap: boolean }>([
    {
      name: "complementary numeric cut",
      a: { all: [leaf("adi", "lessThan", 1.32)] },
      b: { all: [leaf("adi", "greaterThanInclusive", 1.32)] },
      overlap: false,
    },
    {
      name: "touching inclusive bounds",
      a: { all: [leaf("adi", "lessThanInclusive", 1.32)] },
      b: { all: [leaf("adi", "greaterThanInclusive", 1.32)] },
      overlap: true,
    },
    {
      name: "different facts",
      a: { all: [leaf("adi", "lessThan", 1)] },
      b: { all: [leaf("demandCv", "greaterThan", 5)] },
      overlap: true,
    },
    {
      name: "disjoint categories",
      a: { all: [leaf("demandPattern", "equal", "smooth")] },
      b: { all: [leaf("demandPattern", "in", ["lumpy", "intermittent"])] },
      overlap: false,
    },
    {
      name: "shared category",
      a: { all: [leaf("demandPattern", "in", ["smooth", "erratic"])] },
      b: { all: [leaf("demandPattern", "in", ["erratic", "lumpy"])] },
      overlap: true,
    },
    {
      name: "not pushes down",
      a: { not: { all: [leaf("capital", "greaterThan", 10)] } },
      b: { all: [leaf("capital", "greaterThan", 10)] },
      overlap: false,
    },
    {
      name: "any with one overlapping branch",
      a: { any: [leaf("x", "equal", 1), leaf("y", "equal", 2)] },
      b: { all: [leaf("x", "equal", 3)] },
      overlap: true,
    },
    {
      name: "excluded value",
      a: { all: [leaf("line", "notEqual", "hero")] },
      b: { all: [leaf("line", "equal", "hero")] },
      overlap: false,
    },
    {
      name: "between against outside",
      a: { all: [leaf("coverWeeks", "between", [2, 4])] },
      b: { all: [leaf("coverWeeks", "greaterThan", 4)] },
      overlap: false,
    },
    {
      name: "not: decorator",
      a: { all: [leaf("line", "not:equal", "hero")] },
      b: { all: [leaf("line", "equal", "hero")] },
      overlap: false,
    },
    {
      name: "comparison with another fact is assumed to hold",
      a: { all: [leaf("capital", "greaterThan", { fact: "revenue" })] },
      b: { all: [leaf("capital", "lessThan", 0)] },
      overlap: true,
    },
  ])("$name", ({ a, b, overlap }) => {
    expect(canOverlap(a, b) !== undefined).toBe(overlap);
    expect(canOverlap(b, a) !== undefined).toBe(overlap);
  });

  it("describes where both hold", () => {
    expect(
      canOverlap({ all: [leaf("adi", "lessThan", 2)] }, { all: [leaf("adi", "greaterThan", 1)] }),
    ).toBe("1 < adi < 2");
  });
});
