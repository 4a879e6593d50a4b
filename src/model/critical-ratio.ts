/**
 * The newsvendor critical ratio for a fill-rate target: the service level at which the margin a
 * unit short loses equals the holding cost a unit over costs for one review period. With margin
 * rate m of the price and an annual holding rate h of the unit cost, one unit left over for R
 * days costs h·(1 − m)·R/365 of the price; one short loses m: ratio = m ÷ (m + h·(1 − m)·R/365).
 * Pure.
 *
 * @example criticalRatio({ margin: 0.5, holdingRate: 0.25, reviewPeriodDays: 7 }) // 0.99526
 */
export function criticalRatio(input: {
  margin: number;
  holdingRate: number;
  reviewPeriodDays: number;
}): number | null {
  const { margin: m, holdingRate: h, reviewPeriodDays: r } = input;
  if (!(m > 0 && m <= 1)) return null;
  return m / (m + (h * (1 - m) * r) / 365);
}
