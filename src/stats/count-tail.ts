/**
 * Demand beyond what was sold, for counts: E[D − s | D ≥ s] for D Poisson (variance ≤ mean) or
 * negative binomial (variance above the mean) with the given mean and variance. For slow movers a
 * Normal tail is far off (E[D | D ≥ 0] is μ, a Normal tail gives 0.84 for μ = 0.3); a count model
 * is exact. The pmf is built by its ratio recursion, so no factorial or Γ is needed, and the sum
 * runs up the tail until its terms no longer matter. Pure.
 *
 * @example countExcess(2, 2, 0) // 2: with nothing sold, the expected demand
 */

/** Terms of the tail beyond which the sum stops, once they fall under 1e-12 of it. */
const MAX_TERMS = 100_000;

export function countExcess(mean: number, variance: number, sold: number): number {
  if (mean <= 0) return 0;
  if (sold <= 0) return mean;
  // p(d + 1) / p(d): Poisson μ/(d + 1); negative binomial (d + r)/(d + 1) · q with r = μ²/(v − μ), q = μ/(r + μ).
  const overdispersed = variance > mean * (1 + 1e-9);
  const r = overdispersed ? (mean * mean) / (variance - mean) : 0;
  const q = overdispersed ? mean / (r + mean) : 0;
  const ratio = (d: number): number => (overdispersed ? ((d + r) / (d + 1)) * q : mean / (d + 1));
  // Unnormalised pmf from d = 0 (the conditional mean is a ratio: the scale cancels), rescaled
  // whenever it grows large so that it never overflows.
  let p = 1;
  let tail = 0;
  let excess = 0;
  for (let d = 0; d < sold + MAX_TERMS; d++) {
    if (d >= sold) {
      tail += p;
      excess += (d - sold) * p;
      if (p < 1e-12 * tail && d > mean) break;
    }
    p *= ratio(d);
    if (p > 1e200) {
      p /= 1e200;
      tail /= 1e200;
      excess /= 1e200;
    } else if (d < sold && p < 1e-200) p *= 1e200; // nothing summed yet: only the scale moves
    if (p === 0) break;
  }
  return tail > 0 ? excess / tail : 0;
}
