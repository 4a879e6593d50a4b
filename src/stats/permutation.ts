/**
 * A paired permutation test with the unit (a SKU) as the unit of inference: under the null
 * hypothesis each unit's two periods are exchangeable, so swapping them unit by unit leaves the
 * statistic's distribution unchanged. Units stay whole, so days or orders of one SKU are never
 * treated as independent draws, and SKUs may differ as much as they like. Exact when few units
 * differ between the periods, otherwise a fixed-seed Monte Carlo (same inputs, same p). Pure.
 */
import { Random } from "./random.js";
import { sum } from "./stats.js";

/** One unit's count and exposure in the earlier and the later period. */
export interface PairedCounts {
  before: { count: number; exposure: number };
  after: { count: number; exposure: number };
}

/** Random swaps drawn when enumerating every arrangement would take more. */
export const PERMUTATIONS = 9999;
const EXACT_UP_TO = 13; // 2^13 = 8192 arrangements
/**
 * Up to this many differing units each unit's coin is a draw of its own (the sequence every
 * finding so far was computed with); beyond, a draw's 32 bits are 32 units' coins — the same
 * fair, independent swaps, 32 times fewer draws (a 50k-SKU segment's test took seconds), read
 * through tables of eight units (byteSums).
 */
const ONE_DRAW_A_UNIT_UP_TO = 4096;

/**
 * One-sided p that the later period's pooled rate (Σ count ÷ Σ exposure) exceeds the earlier
 * one's by chance alone. With exposure 1 for every unit it tests a rise of the mean count.
 *
 * @example risingSwapP([{ before: { count: 0, exposure: 10 }, after: { count: 4, exposure: 10 } }]) // 0.5
 */
export function risingSwapP(units: readonly PairedCounts[]): number {
  return risingSwapPOf(pairedColumns(units));
}

/**
 * The units' counts and exposures as columns, one entry a unit: what a test of many units is
 * given (an object or three a unit, for the length of a test, is memory the collector keeps).
 */
export interface PairedColumns {
  beforeCount: Float64Array;
  beforeExposure: Float64Array;
  afterCount: Float64Array;
  afterExposure: Float64Array;
}

export function pairedColumns(units: readonly PairedCounts[]): PairedColumns {
  return {
    beforeCount: Float64Array.from(units, (u) => u.before.count),
    beforeExposure: Float64Array.from(units, (u) => u.before.exposure),
    afterCount: Float64Array.from(units, (u) => u.after.count),
    afterExposure: Float64Array.from(units, (u) => u.after.exposure),
  };
}

/** risingSwapP of units given as columns. */
export function risingSwapPOf(units: PairedColumns): number {
  const { beforeCount: cb, beforeExposure: eb, afterCount: ca, afterExposure: ea } = units;
  const differing: number[] = [];
  for (let k = 0; k < cb.length; k++) if (cb[k] !== ca[k] || eb[k] !== ea[k]) differing.push(k);
  if (differing.length === 0) return 1;
  // Swapping unit k moves dx[k] of count and dn[k] of exposure from the later period to the
  // earlier one: each arrangement's totals are the observed ones less (or plus) the swapped sums.
  const [xb, nb, xa, na] = [sum(cb), sum(eb), sum(ca), sum(ea)];
  const dx = Float64Array.from(differing, (k) => (ca[k] as number) - (cb[k] as number));
  const dn = Float64Array.from(differing, (k) => (ea[k] as number) - (eb[k] as number));
  const rate = (x: number, n: number): number => (n > 0 ? x / n : 0);
  const statistic = (sx: number, sn: number): number =>
    rate(xa - sx, na - sn) - rate(xb + sx, nb + sn);
  const observed = statistic(0, 0);
  // A rounding margin: arrangements that tie with the observed one count against it.
  const atLeast = (t: number): boolean => t >= observed - 1e-12 * Math.max(1, Math.abs(observed));
  const m = differing.length;
  if (m <= EXACT_UP_TO) {
    const arrangements = 2 ** m;
    let extreme = 0;
    for (let mask = 0; mask < arrangements; mask++) {
      let sx = 0;
      let sn = 0;
      for (let k = 0; k < m; k++)
        if ((mask >> k) & 1) {
          sx += dx[k] as number;
          sn += dn[k] as number;
        }
      if (atLeast(statistic(sx, sn))) extreme++;
    }
    return extreme / arrangements;
  }
  const random = new Random(m);
  if (m > ONE_DRAW_A_UNIT_UP_TO) {
    const swapped = swappedByBytes(byteSums(dx, dn), random);
    let extreme = 0;
    for (let b = 0; b < PERMUTATIONS; b++)
      if (atLeast(statistic(swapped.x[b] as number, swapped.n[b] as number))) extreme++;
    return (extreme + 1) / (PERMUTATIONS + 1);
  }
  const exposures = dn.some((d) => d !== 0);
  const swapped = [dx, dn].every((d) => d.every(Number.isFinite))
    ? swappedOneDrawAUnit
    : swappedOneDrawAUnitBranching;
  let extreme = 0;
  for (let b = 0; b < PERMUTATIONS; b++) {
    const [sx, sn] = swapped(dx, exposures ? dn : undefined, random);
    if (atLeast(statistic(sx, sn))) extreme++;
  }
  return (extreme + 1) / (PERMUTATIONS + 1);
}

/**
 * One arrangement's swapped count and exposure, a draw a unit: a unit is swapped when its draw
 * is below one half (its top bit is 0). Without a branch on the coin (half of them would be
 * mispredicted): a unit adds its difference times 1 or 0, and adding ±0 leaves a sum as it was,
 * so the sums are those of adding the swapped units alone (for finite differences: ∞ × 0 is
 * NaN). Without `dn` no exposure differs.
 */
function swappedOneDrawAUnit(
  dx: Float64Array,
  dn: Float64Array | undefined,
  random: Random,
): [number, number] {
  let sx = 0;
  let sn = 0;
  const m = dx.length;
  if (dn)
    for (let k = 0; k < m; k++) {
      const swap = 1 - (random.nextUint32() >>> 31);
      sx += (dx[k] as number) * swap;
      sn += (dn[k] as number) * swap;
    }
  else for (let k = 0; k < m; k++) sx += (dx[k] as number) * (1 - (random.nextUint32() >>> 31));
  return [sx, sn];
}

/** As swappedOneDrawAUnit, adding the swapped units only: for differences that are not finite. */
function swappedOneDrawAUnitBranching(
  dx: Float64Array,
  dn: Float64Array | undefined,
  random: Random,
): [number, number] {
  let sx = 0;
  let sn = 0;
  for (let k = 0; k < dx.length; k++)
    if (random.nextUint32() < 0x80000000) {
      sx += dx[k] as number;
      sn += dn ? (dn[k] as number) : 0;
    }
  return [sx, sn];
}

/**
 * For many units each bit of a draw is one unit's fair coin (32 units a draw; unit k is bit
 * k mod 32 of draw ⌊k/32⌋, swapped when the bit is 0). Eight units a byte: for each group of
 * eight, the count and exposure that every one of the 256 arrangements of the group swaps, so an
 * arrangement of m units costs m/8 look-ups instead of m coins. The tables take 256 bytes a unit
 * (two when exposures differ), for the one test that builds them.
 */
interface ByteSums {
  groups: number;
  dx: Float64Array;
  /** Undefined when no unit's exposure differs between its periods. */
  dn: Float64Array | undefined;
}

function byteSums(dx: Float64Array, dn: Float64Array): ByteSums {
  const groups = Math.ceil(dx.length / 8);
  const anyExposure = dn.some((d) => d !== 0);
  const tx = new Float64Array(groups * 256);
  const tn = anyExposure ? new Float64Array(groups * 256) : undefined;
  for (let g = 0; g < groups; g++)
    for (let v = 0; v < 256; v++) {
      let x = 0;
      let n = 0;
      for (let j = 0; j < 8; j++) {
        const k = 8 * g + j;
        if (k < dx.length && ((v >> j) & 1) === 0) {
          x += dx[k] as number;
          n += dn[k] as number;
        }
      }
      tx[256 * g + v] = x;
      if (tn) tn[256 * g + v] = n;
    }
  return { groups, dx: tx, dn: tn };
}

/** Arrangements drawn ahead at a time, so each group's table is read while it is in cache. */
const BLOCK = 128;

/**
 * Every arrangement's swapped count and exposure, in the order the draws come: the draws of a
 * block of arrangements are taken first (arrangement by arrangement, as one at a time would take
 * them), then each group's table is read for the whole block. The arrangements are those of one
 * at a time; only a sum's rounding can differ (eight units are added first), far inside the
 * margin that ties an arrangement with the observed one.
 */
function swappedByBytes(t: ByteSums, random: Random): { x: Float64Array; n: Float64Array } {
  const x = new Float64Array(PERMUTATIONS);
  const n = new Float64Array(PERMUTATIONS);
  const draws = Math.ceil(t.groups / 4);
  const words = new Uint32Array(draws * BLOCK);
  for (let first = 0; first < PERMUTATIONS; first += BLOCK) {
    const size = Math.min(BLOCK, PERMUTATIONS - first);
    // Stored draw-major: words[w · BLOCK + b] is arrangement b's draw w.
    for (let b = 0; b < size; b++)
      for (let w = 0; w < draws; w++) words[w * BLOCK + b] = random.nextUint32();
    for (let g = 0; g < t.groups; g++) {
      const row = (g >> 2) * BLOCK;
      const shift = 8 * (g & 3);
      const base = 256 * g;
      for (let b = 0; b < size; b++) {
        const at = base + (((words[row + b] as number) >>> shift) & 255);
        const i = first + b;
        x[i] = (x[i] as number) + (t.dx[at] as number);
        if (t.dn) n[i] = (n[i] as number) + (t.dn[at] as number);
      }
    }
  }
  return { x, n };
}
