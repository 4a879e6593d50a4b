/**
 * The standard normal distribution as inventory formulas use it: Φ⁻¹ for a service level, and
 * the loss function G. Φ and Φ⁻¹ come from @stdlib (double precision, well beyond 1e-9); the
 * upper tail is taken as Φ(−z), never 1 − Φ(z), so G keeps its precision far into the tail.
 */
import { normalCdf, normalPdf, normalQuantile } from "../stats/distributions.js";

/**
 * z with Φ(z) = p: the safety factor of a cycle service level.
 *
 * @example zForServiceLevel(0.95) // 1.6448536269514715
 */
export function zForServiceLevel(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`service level must be in (0, 1), got ${p}`);
  return normalQuantile(p);
}

/**
 * The standard normal loss function G(z) = φ(z) − z·(1 − Φ(z)) = E[(Z − z)⁺]: expected units
 * short per unit of standard deviation when the stock is z deviations above the mean.
 *
 * @example standardNormalLoss(0) // 0.3989422804014327 (φ(0))
 */
export function standardNormalLoss(z: number): number {
  return normalPdf(z) - z * normalCdf(-z);
}

/**
 * The safety factor k that gives a fill rate β when each cycle sees Q units of demand and the
 * protection interval's demand has deviation σ: G(k) = (Q/σ)·(1 − β). G falls from +∞ to 0, so
 * k is unique; it is found by bisection and Newton to 1e-12. A fill rate of 1 needs k = +∞.
 *
 * @example safetyFactorForFillRate({ fillRate: 0.98, orderQuantity: 100, sigma: 50 }) // k with G(k) = 0.04 → 1.3852
 */
export function safetyFactorForFillRate(input: {
  fillRate: number;
  orderQuantity: number;
  sigma: number;
}): number {
  const { fillRate, orderQuantity, sigma } = input;
  if (!(fillRate > 0 && fillRate <= 1))
    throw new RangeError(`fill rate must be in (0, 1], got ${fillRate}`);
  if (!(orderQuantity > 0))
    throw new RangeError(`order quantity must be positive, got ${orderQuantity}`);
  if (!(sigma > 0)) throw new RangeError(`sigma must be positive, got ${sigma}`);
  if (fillRate === 1) return Infinity;
  const target = (orderQuantity / sigma) * (1 - fillRate);
  // G(k) > −k, and G(k) → −k as k → −∞: the root lies in [−target − 1, hi] with G(hi) < target
  let lo = -target - 1;
  let hi = 1;
  while (standardNormalLoss(hi) > target) hi *= 2;
  let k = (lo + hi) / 2;
  for (let i = 0; i < 200; i++) {
    const g = standardNormalLoss(k) - target;
    if (g > 0) lo = k;
    else hi = k;
    // Newton step (G' = −Φ(−k)) when it stays inside the bracket, else bisection
    const slope = -normalCdf(-k);
    const next = slope < 0 ? k - g / slope : NaN;
    const candidate = next > lo && next < hi ? next : (lo + hi) / 2;
    if (Math.abs(candidate - k) < 1e-13) return candidate;
    k = candidate;
  }
  return k;
}
