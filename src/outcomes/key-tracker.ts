/**
 * Remembers which keys of a file were seen, and on which line, to report duplicates. Keys of
 * (date, sku) files live in one small Int32Array per SKU indexed by day, so 18M daily rows
 * cost ~4 bytes each instead of a string in a Set; a SKU whose few rows span centuries falls
 * back to a map. Time is linear in the rows, in any order of dates.
 */

/** A SKU's keys: a dense array of lines by day, or a map when its days are too spread out for one. */
type SkuDays =
  | { dense: true; base: number; seen: Int32Array; rows: number }
  | { dense: false; seen: Map<number, number> };

/** Days a SKU's array may span, at most, per row it has (beyond a first 4,096). */
const SPREAD_PER_ROW = 8;
const DENSE_UP_TO = 4096;

export class DaySkuKeys {
  private readonly lines = new Map<string, SkuDays>();

  /** Records the key; returns the line it was first seen on, or 0 if it is new. */
  add(sku: string, day: number, line: number): number {
    let entry = this.lines.get(sku);
    if (!entry) {
      entry = { dense: true, base: day, seen: new Int32Array(64), rows: 0 };
      this.lines.set(sku, entry);
    }
    if (entry.dense && (day < entry.base || day - entry.base >= entry.seen.length))
      entry = this.grow(sku, entry, day);
    if (!entry.dense) {
      const first = entry.seen.get(day);
      if (first !== undefined) return first;
      entry.seen.set(day, line);
      return 0;
    }
    const i = day - entry.base;
    const first = entry.seen[i] ?? 0;
    if (first === 0) {
      entry.seen[i] = line;
      entry.rows++;
    }
    return first;
  }

  /** The cells held across SKUs (array slots and map entries): what the keys cost in memory. */
  cells(): number {
    let n = 0;
    for (const e of this.lines.values()) n += e.dense ? e.seen.length : e.seen.size;
    return n;
  }

  /**
   * Room for `day`: the array at least doubles, towards the side the day is on (dates in either
   * order cost linear time and at most twice the span); a span far wider than the rows, a map.
   */
  private grow(sku: string, entry: SkuDays & { dense: true }, day: number): SkuDays {
    const lo = Math.min(entry.base, day);
    const hi = Math.max(entry.base + entry.seen.length, day + 1);
    const capacity = Math.max(hi - lo, entry.seen.length * 2);
    if (capacity > DENSE_UP_TO && capacity > SPREAD_PER_ROW * (entry.rows + 1)) {
      const seen = new Map<number, number>();
      entry.seen.forEach((line, i) => {
        if (line !== 0) seen.set(entry.base + i, line);
      });
      const sparse: SkuDays = { dense: false, seen };
      this.lines.set(sku, sparse);
      return sparse;
    }
    const base = day < entry.base ? hi - capacity : lo;
    const seen = new Int32Array(capacity);
    seen.set(entry.seen, entry.base - base);
    const grown: SkuDays = { dense: true, base, seen, rows: entry.rows };
    this.lines.set(sku, grown);
    return grown;
  }
}

export class StringKeys {
  private readonly lines = new Map<string, number>();

  add(key: string, line: number): number {
    const first = this.lines.get(key);
    if (first !== undefined) return first;
    this.lines.set(key, line);
    return 0;
  }
}
