/**
 * Family-wise error control: Holm's step-down procedure with weights (Holm 1979, §4). Each
 * hypothesis has a weight (weights of a family sum to 1); ordered by p ÷ weight, the j-th is
 * rejected while every one before it was and p ÷ weight × (the weight not yet rejected) ≤ α.
 * Equal weights give the ordinary Holm procedure. Whatever the dependence between the tests,
 * the chance of rejecting any true hypothesis is at most α. Pure.
 */

export interface WeightedP {
  p: number;
  /** The hypothesis's share of the family's α: positive, the family's summing to 1. */
  weight: number;
}

/**
 * Holm-adjusted p-values, in the order given: a hypothesis is rejected at level α exactly when
 * its adjusted p is at most α.
 *
 * @example holmAdjusted([{ p: 0.01, weight: 0.5 }, { p: 0.04, weight: 0.5 }]) // [0.02, 0.04]
 */
export function holmAdjusted(tests: readonly WeightedP[]): number[] {
  const order = tests
    .map((t, i) => ({ i, ratio: t.p / t.weight, weight: t.weight }))
    .sort((a, b) => a.ratio - b.ratio || a.i - b.i);
  let remaining = order.reduce((t, o) => t + o.weight, 0);
  let running = 0;
  const adjusted = new Array<number>(tests.length).fill(1);
  for (const o of order) {
    running = Math.max(running, Math.min(1, o.ratio * remaining));
    adjusted[o.i] = running;
    remaining -= o.weight;
  }
  return adjusted;
}
