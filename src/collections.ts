/**
 * Adds a value to the list under a key, creating the list on first use (in place: linear, not
 * the quadratic `[...list, value]`).
 *
 * @example const m = new Map<string, number[]>(); pushTo(m, "a", 1); pushTo(m, "a", 2); // a → [1, 2]
 */
export function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * Appends every value to the list in place. `list.push(...values)` passes each value as an
 * argument and overflows the stack past about 100k values (a 50k-SKU evaluation's hypotheses).
 */
export function appendAll<T>(list: T[], values: Iterable<T>): void {
  for (const v of values) list.push(v);
}

/** The largest of the numbers (−Infinity for none), at any count: `Math.max(...xs)` overflows. */
export function maxOf(values: Iterable<number>): number {
  let max = -Infinity;
  for (const v of values) if (v > max) max = v;
  return max;
}

/**
 * Equal texts as one string: a supplier named on 50k SKUs is one string, not 50k copies. Stops
 * remembering new texts past a bound, so texts that never repeat cannot fill it.
 */
export class Interner {
  private readonly seen = new Map<string, string>();
  intern(text: string): string {
    const known = this.seen.get(text);
    if (known !== undefined) return known;
    if (this.seen.size < 65_536) this.seen.set(text, text);
    return text;
  }
}
