/**
 * Syntetos–Boylan demand classes from a series of demand per period.
 *
 * Conventions are those of R's `tsintermittent::idclass` (Kourentzes): ADI is the mean interval
 * between demands, the first interval counted from the start of the series (so periods after the
 * last demand do not count, and a series with demand every period has ADI 1); CV² is the squared
 * coefficient of variation of the non-zero demand sizes, with the sample (n − 1) standard
 * deviation. Cut-offs ADI 1.32 and CV² 0.49:
 * smooth (ADI < 1.32, CV² < 0.49), erratic (ADI < 1.32, CV² ≥ 0.49), intermittent (ADI ≥ 1.32,
 * CV² < 0.49), lumpy (both at or above). Fewer than two periods with demand cannot be classed:
 * everything is null.
 *
 * @example classifyDemand([0, 4, 0, 0, 6, 0]) // { adi: 2.5, cv2: 0.08, pattern: "intermittent" }
 */
import type { DEMAND_PATTERNS } from "../vocabulary/metric-catalog.js";
import { sampleStd, sum } from "../stats/stats.js";

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
  // The intervals telescope: their mean is the (1-based) position of the last demand ÷ demands.
  let last = series.length - 1;
  while ((series[last] ?? 0) <= 0) last--;
  const adi = (last + 1) / sizes.length;
  const cv2 = ((sampleStd(sizes) ?? 0) / mean) ** 2;
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
