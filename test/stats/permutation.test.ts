/**
 * The paired swap test's Monte Carlo draws, against the sequence every finding was computed
 * with: a draw a unit, the unit swapped when it is below one half, only swapped units added.
 */
import { describe, expect, it } from "vitest";
import { PERMUTATIONS, risingSwapP } from "../../src/stats/permutation.js";
import type { PairedCounts } from "../../src/stats/permutation.js";
import { Random } from "../../src/stats/random.js";

/** The test as first written, a branch on every coin (for 14 to 4,096 differing units). */
function referenceP(units: readonly PairedCounts[]): number {
  const differing = units.filter(
    (u) => u.before.count !== u.after.count || u.before.exposure !== u.after.exposure,
  );
  const total = (f: (u: PairedCounts) => number) => units.reduce((t, u) => t + f(u), 0);
  const [xb, nb, xa, na] = [
    total((u) => u.before.count),
    total((u) => u.before.exposure),
    total((u) => u.after.count),
    total((u) => u.after.exposure),
  ];
  const rate = (x: number, n: number) => (n > 0 ? x / n : 0);
  const statistic = (sx: number, sn: number) => rate(xa - sx, na - sn) - rate(xb + sx, nb + sn);
  const observed = statistic(0, 0);
  const random = new Random(differing.length);
  let extreme = 0;
  for (let b = 0; b < PERMUTATIONS; b++) {
    let sx = 0;
    let sn = 0;
    for (const u of differing)
      if (random.nextUint32() < 0x80000000) {
        sx += u.after.count - u.before.count;
        sn += u.after.exposure - u.before.exposure;
      }
    if (statistic(sx, sn) >= observed - 1e-12 * Math.max(1, Math.abs(observed))) extreme++;
  }
  return (extreme + 1) / (PERMUTATIONS + 1);
}

function units(n: number, seed: number, exposures: boolean, rise: number): PairedCounts[] {
  const r = new Random(seed);
  return Array.from({ length: n }, () => {
    const exposure = exposures ? r.int(1, 30) : 1;
    return {
      before: { count: r.int(0, 5) + r.next(), exposure },
      after: { count: r.int(0, 5) + rise * r.next(), exposure: exposures ? r.int(1, 30) : 1 },
    };
  });
}

describe("risingSwapP, a draw a unit", () => {
  it.each([
    [14, 1, false, 0],
    [60, 2, true, 0.5],
    [300, 3, false, 0.3],
    [1200, 4, true, 0.05],
    [4096, 5, false, 0.02],
  ])("gives the first sequence's p for %i units (seed %i)", (n, seed, exposures, rise) => {
    const u = units(n, seed, exposures, rise);
    const p = risingSwapP(u);
    expect(p).toBe(referenceP(u));
    expect(p).toBeGreaterThan(0);
    expect(p).toBeLessThanOrEqual(1);
  });

  it("adds only the units swapped when a difference is not finite", () => {
    const u = units(40, 6, false, 0.5);
    u[3] = { before: { count: 0, exposure: 1 }, after: { count: Infinity, exposure: 1 } };
    expect(risingSwapP(u)).toBe(referenceP(u));
  });
});
