/**
 * The one home of the @stdlib distribution functions: the standard normal's Φ, φ and Φ⁻¹, and
 * Student's t quantile. Everything else imports them from here.
 *
 * @example normalCdf(0) // 0.5
 */
import stdlibNormalCdf from "@stdlib/stats-base-dists-normal-cdf";
import stdlibNormalPdf from "@stdlib/stats-base-dists-normal-pdf";
import stdlibNormalQuantile from "@stdlib/stats-base-dists-normal-quantile";
import stdlibTQuantile from "@stdlib/stats-base-dists-t-quantile";

/** Φ(z) of the standard normal. */
export const normalCdf = (z: number): number => stdlibNormalCdf(z, 0, 1);

/** φ(z) of the standard normal. */
export const normalPdf = (z: number): number => stdlibNormalPdf(z, 0, 1);

/** Φ⁻¹(p) of the standard normal. */
export const normalQuantile = (p: number): number => stdlibNormalQuantile(p, 0, 1);

/** The p quantile of Student's t with `df` degrees of freedom. */
export const tQuantile = (p: number, df: number): number => stdlibTQuantile(p, df);
