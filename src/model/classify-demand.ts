/**
 * Syntetos–Boylan demand classes from a series of demand per period.
 *
 * Conventions: ADI is the number of periods ÷ the number of periods with demand (so a series
 * with demand every period has ADI 1); CV² is the squared coefficient of variation of the
 * non-zero demand sizes, with the population standard deviation. Cut-offs ADI 1.32 and CV² 0.49:
 * smooth (ADI < 1.32, CV² < 0.49), erratic (ADI < 1.32, CV² ≥ 0.49), intermittent (ADI ≥ 1.32,
 * CV² < 0.49), lumpy (both at or above). Fewer than two periods with demand cannot be classed:
 * everything is null.
 *
 * @example classifyDemand([0, 4, 0, 0, 6, 0]) // { adi: 3, cv2: 0.04, pattern: "intermittent" }
 */
import type { DEMAND_PATTERNS } from "../vocabulary/metric-catalog.js";
import { sum } from "../stats/stats.js";

export type DemandPattern = (typeof DEMAND_PATTERNS)[number];

export const ADI_CUTOFF = 1.32;
export const CV2_CUTOFF = 0.49;

export interface DemandClass {
  adi: number | null;
  cv2: number | null;
  pattern: DemandPattern | null;
  /** Periods with demand. */
  n: number;
}

export function classifyDemand(series: readonly number[]): DemandClass {
  const sizes = series.filter((d) => d > 0);
  if (sizes.length < 2) return { adi: null, cv2: null, pattern: null, n: sizes.length };
  const mean = sum(sizes) / sizes.length;
  const adi = series.length / sizes.length;
  // population variance of the sizes over the squared mean
  const cv2 = sum(sizes.map((s) => (s - mean) ** 2)) / sizes.length / (mean * mean);
  const pattern: DemandPattern =
    adi < ADI_CUTOFF
      ? cv2 < CV2_CUTOFF
        ? "smooth"
        : "erratic"
      : cv2 < CV2_CUTOFF
        ? "intermittent"
        : "lumpy";
  return { adi, cv2, pattern, n: sizes.length };
}
