/**
 * The reference window's SKUs as segment membership needs them, column by column: one index a
 * SKU in each column, the SKUs in code-unit order of their ids, and of their facts only those
 * segment rules read (segmentFactNames). They are kept from the read until every SKU of the
 * evaluated window is assigned: as an object each with all their facts they cost 917 bytes a
 * SKU, 46 MB at 50k SKUs, and the heap grew around them as much again; as columns, 84 bytes
 * (measured after a full collection, 50k SKUs × 365 days). Pure.
 */

/** One SKU as a membership read hands it over (membershipSku), before it joins the columns. */
export interface MembershipSku {
  sku: string;
  /** The values of the read's facts, in their order; undefined where the SKU has no such fact. */
  values: unknown[];
  /** Its measured revenue and capital; NaN where none was measured. */
  revenue: number;
  capital: number;
  knownDays: number;
}

export interface MembershipWindow {
  window: { from: string; to: string };
  /** The facts kept of each SKU (segmentFactNames), in the order of a row of `values`. */
  facts: readonly string[];
  /** The SKU ids, in code-unit order. */
  skus: readonly string[];
  /** `facts.length` values a SKU, row after row; undefined where the SKU has no such fact. */
  values: readonly unknown[];
  /** Each SKU's measured revenue and capital; NaN where none was measured. */
  revenue: Float64Array;
  capital: Float64Array;
  /** Each SKU's days with a known stock status (none: it is assigned on the evaluated window). */
  knownDays: Uint32Array;
}

const byId = (a: MembershipSku, b: MembershipSku): number =>
  a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0;

/** The SKUs read for membership as columns of the facts named. */
export function membershipColumns(
  window: { from: string; to: string },
  facts: readonly string[],
  members: readonly MembershipSku[],
): MembershipWindow {
  const sorted = [...members].sort(byId);
  const n = sorted.length;
  const columns: MembershipWindow = {
    window,
    facts,
    skus: sorted.map((m) => m.sku),
    values: new Array<unknown>(n * facts.length),
    revenue: new Float64Array(n),
    capital: new Float64Array(n),
    knownDays: new Uint32Array(n),
  };
  const values = columns.values as unknown[];
  sorted.forEach((m, i) => {
    m.values.forEach((v, f) => (values[i * facts.length + f] = v));
    columns.revenue[i] = m.revenue;
    columns.capital[i] = m.capital;
    columns.knownDays[i] = m.knownDays;
  });
  return columns;
}

/** The index of `sku` in the window's columns, or -1. */
export function memberIndex(w: MembershipWindow, sku: string): number {
  let lo = 0;
  let hi = w.skus.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const at = w.skus[mid] as string;
    if (at === sku) return mid;
    if (at < sku) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** The facts kept of the SKU at index `i`, as an object (a fact it has not is absent). */
export function memberFacts(w: MembershipWindow, i: number): Record<string, unknown> {
  const facts: Record<string, unknown> = {};
  const k = w.facts.length;
  for (let f = 0; f < k; f++) {
    const value = w.values[i * k + f];
    if (value !== undefined) facts[w.facts[f] as string] = value;
  }
  return facts;
}
