/** What matters most to the business's cash, for ordering SKUs in a finding and capping them. */
import type { MetricValue } from "../metrics/observations.js";
import type { AssignedSku } from "./segment-portfolio.js";

/** SKU findings of one kind listed a segment; the rest are counted. */
export const SKU_FINDINGS_PER_SEGMENT = 5;

/** SKUs named in a finding about many SKUs. */
export const EXAMPLES = 5;

const num = (v: MetricValue | undefined): number => (typeof v?.value === "number" ? v.value : 0);

/** Capital first, then revenue, then SKU id. */
export function byMateriality(a: AssignedSku, b: AssignedSku): number {
  return (
    num(b.metrics.capital) - num(a.metrics.capital) ||
    num(b.metrics.revenue) - num(a.metrics.revenue) ||
    (a.sku < b.sku ? -1 : 1)
  );
}
