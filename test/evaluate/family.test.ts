/**
 * The evaluation's family of tests (src/evaluate/family.ts): hypotheses decided together by
 * Holm's weighted procedure, a segment's per-SKU tests one block, findings raised outright left
 * alone, and a block's rejected findings capped with the rest counted.
 */
import { describe, expect, it } from "vitest";
import { FAMILY_LEVEL, resolveFamily } from "../../src/evaluate/family.js";
import type { Hypothesis } from "../../src/evaluate/family.js";
import { finding } from "../../src/findings/finding.js";
import type { Finding } from "../../src/findings/finding.js";

const raised = (subject: string): Finding =>
  finding({
    kind: "routine-override",
    severity: "warning",
    scope: "sku",
    subject,
    metric: "overrideRate",
    evidence: { n: 10 },
    message: `${subject} overridden`,
    owner: "o@example.com",
  });

const test = (name: string, p: number, block?: string): Hypothesis => ({
  hypothesis: name,
  p,
  ...(block ? { block } : {}),
  finding: raised(name),
});

describe("resolveFamily", () => {
  it("raises what survives Holm across the family, with p, adjusted p, level and size", () => {
    // three units: 0.004 × 3 = 0.012 and 0.02 × 2 = 0.04 survive; 0.2 does not
    const { findings, tests } = resolveFamily([test("a", 0.02), test("b", 0.004), test("c", 0.2)]);
    expect(findings.map((f) => f.subject)).toEqual(["a", "b"]);
    expect(findings[1]?.evidence).toMatchObject({ p: 0.004, level: FAMILY_LEVEL, tests: 3 });
    expect(findings[1]?.evidence.adjustedP).toBeCloseTo(0.012, 12);
    expect(findings[0]?.evidence.adjustedP).toBeCloseTo(0.04, 12);
    expect(tests.map((t) => t.adjustedP)).toEqual([
      expect.closeTo(0.04, 12),
      expect.closeTo(0.012, 12),
      expect.closeTo(0.2, 12),
    ]);
  });

  it("lets the SKU tests of a block share one unit, however many they are", () => {
    const skus = Array.from({ length: 100 }, (_, i) =>
      test(`sku${i}`, i === 0 ? 1e-4 : 0.5, "seg"),
    );
    // two units (a bound and the block): the SKU's weight is 1/2 ÷ 100, so 1e-4 ÷ 0.005 = 0.02;
    // then the bound: 0.02 ÷ 1/2 × the weight left (0.995) = 0.0398
    const { findings } = resolveFamily([test("bound", 0.02), ...skus]);
    expect(findings.map((f) => f.subject)).toEqual(["bound", "sku0"]);
    expect(findings[1]?.evidence).toMatchObject({ tests: 2 });
    expect(findings[1]?.evidence.adjustedP).toBeCloseTo(0.02, 12);
    expect(findings[0]?.evidence.adjustedP).toBeCloseTo(0.0398, 12);
    // on their own, a hundred such tests at 5% would have raised about five false findings
  });

  it("raises a block's first five rejected findings and counts the rest on the last", () => {
    const skus = Array.from({ length: 8 }, (_, i) => test(`sku${i}`, 1e-9, "seg"));
    const { findings } = resolveFamily(skus);
    expect(findings.map((f) => f.subject)).toEqual(["sku0", "sku1", "sku2", "sku3", "sku4"]);
    expect(findings[4]?.evidence.more).toBe(3);
    expect(findings[3]?.evidence.more).toBeUndefined();
  });

  it("keeps findings raised outright and drops tests with no finding to raise", () => {
    const outright = raised("stale");
    const { findings, tests } = resolveFamily([outright, { hypothesis: "immaterial", p: 1e-9 }]);
    expect(findings).toEqual([outright]);
    expect(tests).toEqual([
      { hypothesis: "immaterial", p: 1e-9, adjustedP: 1e-9, material: false, rejected: false },
    ]);
  });
});
