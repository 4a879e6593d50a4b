/**
 * Small statistics for metrics and evidence. Pure. Φ, φ and Student's t quantiles come from
 * @stdlib rather than hand-rolled approximations.
 *
 * @example meanInterval([1, 2, 3, 4]) // { mean: 2.5, n: 4, interval: [0.445…, 4.554…] }
 */
import { normalCdf, normalPdf, tQuantile } from "./distributions.js";

/** 97.5% quantile of the standard normal: the two-sided 95% z. */
export const Z95 = 1.959963984540054;

/**
 * The q quantile of values already sorted ascending, as the value at rank ⌊q·n⌋ (the nearest
 * rank below; 0 without values).
 *
 * @example sortedQuantile([1, 2, 3, 4], 0.5) // 3
 */
export function sortedQuantile(sorted: readonly number[], q: number): number {
  return sorted.length === 0
    ? 0
    : (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0);
}

/**
 * Σ values, first to last. An indexed loop: these take arrays and typed arrays alike, and an
 * iterator over both is slow at every call (half a second of an evaluation at 50k SKUs).
 */
export function sum(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i] as number;
  return s;
}

export function mean(values: ArrayLike<number>): number | undefined {
  return values.length === 0 ? undefined : sum(values) / values.length;
}

/** Sample standard deviation (n − 1); undefined below two values. */
export function sampleStd(values: ArrayLike<number>): number | undefined {
  if (values.length < 2) return undefined;
  const m = sum(values) / values.length;
  let ss = 0;
  for (let i = 0; i < values.length; i++) ss += ((values[i] as number) - m) ** 2;
  return Math.sqrt(ss / (values.length - 1));
}

/** Sample coefficient of variation; undefined when the mean is 0 or there are under two values. */
export function cv(values: readonly number[]): number | undefined {
  const m = mean(values);
  const s = sampleStd(values);
  return m === undefined || s === undefined || m === 0 ? undefined : s / m;
}

export interface Estimate {
  value: number;
  n: number;
  /** 95% interval, when one can be given. */
  interval?: [number, number];
}

/** Mean with a 95% Student-t interval (n ≥ 2). */
export function meanInterval(values: readonly number[]): Estimate | undefined {
  const m = mean(values);
  if (m === undefined) return undefined;
  const s = sampleStd(values);
  if (s === undefined) return { value: m, n: values.length };
  const half = tQuantile(0.975, values.length - 1) * (s / Math.sqrt(values.length));
  return { value: m, n: values.length, interval: [m - half, m + half] };
}

/**
 * A ratio Σy ÷ Σx over clusters (SKUs), with a 95% interval from the linearised (cluster-robust)
 * variance: se² = k/(k−1) · Σ(yᵢ − R·xᵢ)² / (Σx)², t with k − 1 degrees of freedom. Clusters with
 * x = 0 carry no information and are left out.
 *
 * @example ratioEstimate([9, 18], [10, 20]) // { value: 0.9, n: 30, clusters: 2, interval: [0.9, 0.9] }
 */
export function ratioEstimate(
  ys: readonly number[],
  xs: readonly number[],
): (Estimate & { clusters: number }) | undefined {
  // By index, in the clusters' order (the sums as before, to the bit), with no pair per cluster.
  const x = (i: number): number => xs[i] ?? 0;
  let sx = 0;
  let sy = 0;
  let k = 0;
  for (let i = 0; i < ys.length; i++)
    if (x(i) > 0) {
      sx += x(i);
      sy += ys[i] as number;
      k++;
    }
  if (k === 0 || sx === 0) return undefined;
  const r = sy / sx;
  if (k < 2) return { value: r, n: sx, clusters: k };
  let squares = 0;
  for (let i = 0; i < ys.length; i++) if (x(i) > 0) squares += ((ys[i] as number) - r * x(i)) ** 2;
  const se = Math.sqrt((k / (k - 1)) * squares) / sx;
  const half = tQuantile(0.975, k - 1) * se;
  return { value: r, n: sx, clusters: k, interval: [r - half, r + half] };
}

/** A proportion k/n with its 95% Wilson score interval. */
export function proportionInterval(k: number, n: number): Estimate | undefined {
  if (n <= 0) return undefined;
  const p = k / n;
  const z2 = Z95 * Z95;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (Z95 * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  return { value: p, n, interval: [Math.max(0, centre - half), Math.min(1, centre + half)] };
}

/**
 * E[D − s | D ≥ s] for D ~ Normal(μ, σ): the demand expected beyond what was sold on a day whose
 * sales were cut off by a stockout. Always positive, so a censored day always adds lost demand.
 *
 * @example expectedExcess(10, 3, 10) // 2.394 (σ·φ(0)/(1 − Φ(0)))
 */
export function expectedExcess(mu: number, sigma: number, sold: number): number {
  if (sigma <= 0) return Math.max(0, mu - sold);
  const a = (sold - mu) / sigma;
  // Inverse Mills ratio φ(a)/(1 − Φ(a)); past a = 8 its asymptote a + 1/a avoids 0/0.
  const mills = a > 8 ? a + 1 / a : normalPdf(a) / (1 - normalCdf(a));
  return Math.max(0, mu + sigma * mills - sold);
}

/**
 * P(X ≥ k) for X ~ Binomial(n, p), summed exactly in log space (no underflow for large n).
 *
 * @example binomialUpperTail(9, 10, 0.5) // 0.0107421875 (11/1024)
 */
export function binomialUpperTail(k: number, n: number, p: number): number {
  if (k <= 0) return 1;
  if (k > n) return 0;
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  let logC = 0; // log C(n, i), built up from i = 0
  let total = 0;
  for (let i = 0; i <= n; i++) {
    if (i > 0) logC += Math.log((n - i + 1) / i);
    if (i >= k) total += Math.exp(logC + i * Math.log(p) + (n - i) * Math.log(1 - p));
  }
  return Math.min(1, total);
}

/**
 * Did events become more frequent? One-sided conditional test of x2 events over exposure e2
 * against x1 over e1: under equal rates, x2 | x1 + x2 ~ Binomial(x1 + x2, e2 / (e1 + e2)).
 */
export function risingP(x1: number, e1: number, x2: number, e2: number): number {
  if (e1 <= 0 || e2 <= 0) return 1;
  return binomialUpperTail(x2, x1 + x2, e2 / (e1 + e2));
}

/**
 * Two-sided p-value that two proportions k1/n1 and k2/n2 are equal (pooled two-proportion z-test;
 * 1 when either group is empty or the pooled rate is 0 or 1).
 *
 * @example twoProportionP(30, 100, 10, 100) // 0.00046 (z = 3.54)
 */
export function twoProportionP(k1: number, n1: number, k2: number, n2: number): number {
  if (n1 <= 0 || n2 <= 0) return 1;
  const pooled = (k1 + k2) / (n1 + n2);
  if (pooled <= 0 || pooled >= 1) return 1;
  const z = (k1 / n1 - k2 / n2) / Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  return 2 * (1 - normalCdf(Math.abs(z)));
}

/** One-sided p-value that a normal estimate exceeds `bound` (below it: `side` "min"). */
export function normalExceedanceP(
  value: number,
  se: number,
  bound: number,
  side: "max" | "min",
): number {
  if (se <= 0) return (side === "max" ? value > bound : value < bound) ? 0 : 1;
  const z = (value - bound) / se;
  return side === "max" ? 1 - normalCdf(z) : normalCdf(z);
}
