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
