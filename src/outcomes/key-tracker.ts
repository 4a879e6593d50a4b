/**
 * Remembers which keys of a file were seen, and on which line, to report duplicates. Keys of
 * (date, sku) files live in one small Int32Array per SKU indexed by day, so 18M daily rows
 * cost ~4 bytes each instead of a string in a Set.
 */

export class DaySkuKeys {
  private readonly lines = new Map<string, { base: number; seen: Int32Array }>();

  /** Records the key; returns the line it was first seen on, or 0 if it is new. */
  add(sku: string, day: number, line: number): number {
    let entry = this.lines.get(sku);
    if (!entry) {
      entry = { base: day, seen: new Int32Array(64) };
      this.lines.set(sku, entry);
    }
    if (day < entry.base || day - entry.base >= entry.seen.length)
      entry = this.grow(sku, entry, day);
    const i = day - entry.base;
    const first = entry.seen[i] ?? 0;
    if (first === 0) entry.seen[i] = line;
    return first;
  }

  private grow(
    sku: string,
    entry: { base: number; seen: Int32Array },
    day: number,
  ): { base: number; seen: Int32Array } {
    const lo = Math.min(entry.base, day);
    const hi = Math.max(entry.base + entry.seen.length, day + 1);
    const seen = new Int32Array(Math.max(hi - lo, entry.seen.length * 2));
    seen.set(entry.seen, entry.base - lo);
    const grown = { base: lo, seen };
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
