/** Each SKU's first and last third of the window as a pair, for the paired swap test (stats/permutation.ts). */
import type { PeriodSamples } from "../../metrics/sku-metrics.js";
import type { PairedCounts } from "../../stats/permutation.js";
import type { AssignedSku } from "../segment-portfolio.js";

type Field = {
  [K in keyof PeriodSamples]: PeriodSamples[K] extends number ? K : never;
}[keyof PeriodSamples];

/** A count over an exposure, both fields of a third (expedited over orders, stockout days over known days). */
export function pairedThirds(
  skus: readonly AssignedSku[],
  count: Field,
  exposure: Field,
): PairedCounts[] {
  const third = (k: AssignedSku, i: 0 | 2) => ({
    count: k.samples.periods[i]?.[count] ?? 0,
    exposure: k.samples.periods[i]?.[exposure] ?? 0,
  });
  return skus.map((k) => ({ before: third(k, 0), after: third(k, 2) }));
}
