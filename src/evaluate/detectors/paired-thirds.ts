/** Each SKU's first and last third of the window as a pair, for the paired swap test (stats/permutation.ts). */
import type { PeriodSamples } from "../../metrics/sku-metrics.js";
import type { PairedColumns } from "../../stats/permutation.js";
import type { AssignedSku } from "../segment-portfolio.js";

type Field = {
  [K in keyof PeriodSamples]: PeriodSamples[K] extends number ? K : never;
}[keyof PeriodSamples];

/** A count over an exposure, both fields of a third (expedited over orders, stockout days over known days). */
export function pairedThirds(
  skus: readonly AssignedSku[],
  count: Field,
  exposure: Field,
): PairedColumns {
  const of = (i: 0 | 2, field: Field): Float64Array =>
    Float64Array.from(skus, (k) => k.samples.periods[i]?.[field] ?? 0);
  return {
    beforeCount: of(0, count),
    beforeExposure: of(0, exposure),
    afterCount: of(2, count),
    afterExposure: of(2, exposure),
  };
}
