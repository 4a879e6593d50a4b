/**
 * Stock on hand projected day by day from today: what is on hand, plus open orders on the day
 * they are expected, minus expected demand (demand that finds no stock is lost, as in the
 * data). Pure and deterministic: the expected path, not a distribution.
 *
 * @example projectStock({ onHand: 10, arrivals: [{ day: 3, qty: 20 }], demand: () => 4, days: 5 })
 * // { firstShortDay: null, shortUnits: 0, demand: 20, endOnHand: 10 }: the order lands on day 3
 */
export interface Arrival {
  /** Days from today (1 = tomorrow). */
  day: number;
  qty: number;
}

export interface StockProjection {
  /** The first day (from 1) some demand goes unserved; null if none within the days projected. */
  firstShortDay: number | null;
  /** Units of demand unserved over the days projected. */
  shortUnits: number;
  /** Units of demand expected over the days projected. */
  demand: number;
  /** On hand at the end of the last day projected. */
  endOnHand: number;
}

export function projectStock(input: {
  onHand: number;
  arrivals: readonly Arrival[];
  /** Expected demand on day k (from 1). */
  demand: (day: number) => number;
  days: number;
}): StockProjection {
  const due = new Map<number, number>();
  for (const a of input.arrivals) {
    const day = Math.max(1, Math.round(a.day));
    due.set(day, (due.get(day) ?? 0) + a.qty);
  }
  let onHand = Math.max(0, input.onHand);
  let firstShortDay: number | null = null;
  let shortUnits = 0;
  let demand = 0;
  for (let k = 1; k <= input.days; k++) {
    onHand += due.get(k) ?? 0;
    // Arrivals are counted at the start of the day, so a delivery serves that day's demand.
    const want = Math.max(0, input.demand(k));
    demand += want;
    const served = Math.min(want, onHand);
    onHand -= served;
    if (want - served > 1e-9) {
      shortUnits += want - served;
      firstShortDay ??= k;
    }
  }
  return { firstShortDay, shortUnits, demand, endOnHand: onHand };
}

/**
 * The first day (from 1) on which stock runs out even if demand comes in low: cumulative
 * expected demand less z deviations (σ·√k, σ the daily deviation, and at least the Poisson √μ)
 * exceeds what is on hand plus what has arrived by then. null if no such day within `days`.
 * Before the first stockout no demand is lost, so cumulative demand is what stock must meet.
 *
 * @example confidentShortDay({ onHand: 10, arrivals: [], demand: () => 2, dailyStd: 1, days: 20, z: 1.645 }) // 8
 */
export function confidentShortDay(input: {
  onHand: number;
  arrivals: readonly Arrival[];
  demand: (day: number) => number;
  dailyStd: number;
  days: number;
  z: number;
}): number | null {
  const due = new Map<number, number>();
  for (const a of input.arrivals) {
    const day = Math.max(1, Math.round(a.day));
    due.set(day, (due.get(day) ?? 0) + a.qty);
  }
  let available = Math.max(0, input.onHand);
  let mu = 0;
  for (let k = 1; k <= input.days; k++) {
    available += due.get(k) ?? 0;
    mu += Math.max(0, input.demand(k));
    const sigma = Math.sqrt(Math.max(k * input.dailyStd ** 2, mu));
    if (mu - input.z * sigma > available) return k;
  }
  return null;
}
