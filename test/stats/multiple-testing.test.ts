/** Holm's weighted step-down procedure and the paired swap test, against values worked by hand. */
import { describe, expect, it } from "vitest";
import { holmAdjusted } from "../../src/stats/multiple-testing.js";
import { PERMUTATIONS, risingSwapP } from "../../src/stats/permutation.js";
import { Random } from "../../src/stats/random.js";

describe("holmAdjusted", () => {
  it("is Holm's procedure when the weights are equal", () => {
    // sorted 0.01, 0.02, 0.04: × 3, × 2, × 1, each at least the one before
    const equal = (p: number) => ({ p, weight: 1 / 3 });
    expect(holmAdjusted([0.04, 0.01, 0.02].map(equal))).toEqual([
      expect.closeTo(0.04, 12),
      expect.closeTo(0.03, 12),
      expect.closeTo(0.04, 12),
    ]);
  });

  it("divides a hypothesis's p by its weight, and never adjusts above 1", () => {
    // a block of two sharing half the weight: p 0.01 at weight 1/4 ties 0.02 at 1/2 (both 0.04)
    const adjusted = holmAdjusted([
      { p: 0.02, weight: 0.5 },
      { p: 0.01, weight: 0.25 },
      { p: 0.9, weight: 0.25 },
    ]);
    expect(adjusted[0]).toBeCloseTo(0.04, 12); // 0.04 × all the weight
    expect(adjusted[1]).toBeCloseTo(0.04, 12); // 0.04 × 0.5 = 0.02, but never below the one before
    expect(adjusted[2]).toBeCloseTo(0.9, 12); // 3.6 × 0.25
    expect(
      holmAdjusted([
        { p: 0.6, weight: 0.5 },
        { p: 0.7, weight: 0.5 },
      ]),
    ).toEqual([1, 1]);
  });
});

describe("risingSwapP", () => {
  const unit = (x1: number, n1: number, x3: number, n3: number) => ({
    before: { count: x1, exposure: n1 },
    after: { count: x3, exposure: n3 },
  });

  it("is exact over the swaps when few SKUs differ", () => {
    // three SKUs rose, none fell: only the arrangement observed is as extreme (1 of 2^3)
    expect(risingSwapP([unit(0, 10, 2, 10), unit(0, 10, 3, 10), unit(1, 10, 4, 10)])).toBe(1 / 8);
    // one SKU carries the rise: swapping the others cannot undo it, so half the swaps match it
    expect(risingSwapP([unit(0, 10, 30, 10), unit(1, 10, 0, 10)])).toBe(0.5);
    expect(risingSwapP([unit(2, 10, 2, 10)])).toBe(1);
  });

  it("holds its level on SKUs whose two thirds are exchangeable, however much the SKUs differ", () => {
    const random = new Random(7);
    let rejected = 0;
    const trials = 400;
    for (let t = 0; t < trials; t++) {
      const skus = Array.from({ length: 20 }, (_, k) => {
        const rate = (k % 5) * 0.1; // SKUs from never to often
        const n1 = random.int(5, 15);
        const n3 = random.int(5, 15);
        const draw = (n: number) =>
          Array.from({ length: n }, () => random.chance(rate)).filter(Boolean).length;
        return unit(draw(n1), n1, draw(n3), n3);
      });
      if (risingSwapP(skus) < 0.05) rejected++;
    }
    expect(rejected / trials).toBeLessThan(0.08);
  });

  it("rejects a rise shared by the SKUs, with a p no smaller than the draws allow", () => {
    const skus = Array.from({ length: 30 }, () => unit(1, 10, 5, 10));
    const p = risingSwapP(skus);
    expect(p).toBe(1 / (PERMUTATIONS + 1));
  });

  it("past 4,096 SKUs, swaps each SKU on its own bit of the draws, as a coin a SKU would", () => {
    // The reference: SKU k swapped when bit k mod 32 of draw ⌊k/32⌋ is 0, one arrangement at a time.
    const reference = (units: { before: number; after: number }[]): number => {
      const differing = units.filter((u) => u.before !== u.after);
      const m = differing.length;
      const before = units.reduce((t, u) => t + u.before, 0) / units.length;
      const after = units.reduce((t, u) => t + u.after, 0) / units.length;
      const observed = after - before;
      const random = new Random(m);
      let extreme = 0;
      for (let b = 0; b < PERMUTATIONS; b++) {
        let sx = 0;
        for (let k = 0, bits = 0; k < m; k++, bits >>>= 1) {
          if ((k & 31) === 0) bits = random.nextUint32();
          const u = differing[k] as { before: number; after: number };
          if ((bits & 1) === 0) sx += u.after - u.before;
        }
        const t =
          (after * units.length - sx) / units.length - (before * units.length + sx) / units.length;
        if (t >= observed - 1e-12 * Math.max(1, Math.abs(observed))) extreme++;
      }
      return (extreme + 1) / (PERMUTATIONS + 1);
    };
    const random = new Random(3);
    // 5,003 SKUs (not a multiple of 8 or 32), every one differing, counts in whole units.
    const units = Array.from({ length: 5003 }, () => {
      const before = Math.floor(random.next() * 6);
      return {
        before,
        after: before + (random.next() < 0.5 ? -1 : 1) * (1 + Math.floor(random.next() * 2)),
      };
    });
    const p = risingSwapP(units.map((u) => unit(u.before, 1, u.after, 1)));
    expect(p).toBe(reference(units));
    expect(p).toBeGreaterThan(1 / (PERMUTATIONS + 1));
    expect(p).toBeLessThan(1);
  });

  it("keeps its level and its power past 4,096 SKUs, where one draw flips 32 SKUs' coins", () => {
    const random = new Random(11);
    const skus = (rise: number) =>
      Array.from({ length: 4200 }, () => {
        const draw = (rate: number) =>
          Array.from({ length: 10 }, () => random.chance(rate)).filter(Boolean).length;
        return unit(draw(0.2), 10, draw(0.2 + rise), 10);
      });
    const nulls = Array.from({ length: 12 }, () => risingSwapP(skus(0)));
    // Exchangeable thirds: p spread over (0, 1], rarely below 5% (binomial 12 × 5%: ≤ 3 at 99%).
    expect(nulls.filter((p) => p < 0.05).length).toBeLessThanOrEqual(3);
    expect(nulls.filter((p) => p > 0.5).length).toBeGreaterThanOrEqual(3);
    // A rise of 1 point in 20 across 4,200 SKUs is found.
    expect(risingSwapP(skus(0.01))).toBeLessThan(0.05);
  });
});
