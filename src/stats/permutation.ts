/**
 * A paired permutation test with the unit (a SKU) as the unit of inference: under the null
 * hypothesis each unit's two periods are exchangeable, so swapping them unit by unit leaves the
 * statistic's distribution unchanged. Units stay whole, so days or orders of one SKU are never
 * treated as independent draws, and SKUs may differ as much as they like. Exact when few units
 * differ between the periods, otherwise a fixed-seed Monte Carlo (same inputs, same p). Pure.
 */
import { Random } from "./random.js";

/** One unit's count and exposure in the earlier and the later period. */
export interface PairedCounts {
  before: { count: number; exposure: number };
  after: { count: number; exposure: number };
}

/** Random swaps drawn when enumerating every arrangement would take more. */
export const PERMUTATIONS = 9999;
const EXACT_UP_TO = 13; // 2^13 = 8192 arrangements

/**
 * One-sided p that the later period's pooled rate (Σ count ÷ Σ exposure) exceeds the earlier
 * one's by chance alone. With exposure 1 for every unit it tests a rise of the mean count.
 *
 * @example risingSwapP([{ before: { count: 0, exposure: 10 }, after: { count: 4, exposure: 10 } }]) // 0.5
 */
export function risingSwapP(units: readonly PairedCounts[]): number {
  const differing = units.filter(
    (u) => u.before.count !== u.after.count || u.before.exposure !== u.after.exposure,
  );
  if (differing.length === 0) return 1;
  const fixed = units.filter((u) => !differing.includes(u));
  const base = totals(fixed);
  const statistic = (swapped: (k: number) => boolean): number => {
    let [xb, nb, xa, na] = base;
    differing.forEach((u, k) => {
      const [b, a] = swapped(k) ? [u.after, u.before] : [u.before, u.after];
      xb += b.count;
      nb += b.exposure;
      xa += a.count;
      na += a.exposure;
    });
    return (na > 0 ? xa / na : 0) - (nb > 0 ? xb / nb : 0);
  };
  const observed = statistic(() => false);
  // A rounding margin: arrangements that tie with the observed one count against it.
  const atLeast = (t: number): boolean => t >= observed - 1e-12 * Math.max(1, Math.abs(observed));
  if (differing.length <= EXACT_UP_TO) {
    const arrangements = 2 ** differing.length;
    let extreme = 0;
    for (let mask = 0; mask < arrangements; mask++)
      if (atLeast(statistic((k) => ((mask >> k) & 1) === 1))) extreme++;
    return extreme / arrangements;
  }
  const random = new Random(differing.length);
  let extreme = 0;
  for (let b = 0; b < PERMUTATIONS; b++)
    if (atLeast(statistic(() => random.next() < 0.5))) extreme++;
  return (extreme + 1) / (PERMUTATIONS + 1);
}

function totals(units: readonly PairedCounts[]): [number, number, number, number] {
  let xb = 0;
  let nb = 0;
  let xa = 0;
  let na = 0;
  for (const u of units) {
    xb += u.before.count;
    nb += u.before.exposure;
    xa += u.after.count;
    na += u.after.exposure;
  }
  return [xb, nb, xa, na];
}
