/**
 * Safety stock against demand and lead-time uncertainty: z·√(L·σd² + d²·σL²), with d and σd the
 * mean and deviation of demand per day, L and σL those of the lead time in days (independent).
 *
 * @example safetyStock({ demandMean: 10, demandStd: 4, leadTimeMean: 9, leadTimeStd: 2, z: 1.645 })
 * // 1.645 · √(9·16 + 100·4) = 38.37
 */
export function safetyStock(input: {
  demandMean: number;
  demandStd: number;
  leadTimeMean: number;
  leadTimeStd: number;
  z: number;
}): number {
  const { demandMean: d, demandStd: sd, leadTimeMean: l, leadTimeStd: sl, z } = input;
  return z * Math.sqrt(l * sd * sd + d * d * sl * sl);
}
