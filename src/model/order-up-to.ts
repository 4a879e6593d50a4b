/**
 * The periodic-review, order-up-to (R, S) policy in its textbook form: every R days, order up to
 * S. Demand over the protection interval R + L is taken as normal with mean d·(R + L) and
 * deviation σP = √((R + L)·σd² + d²·σL²); each cycle sees Q = d·R units of demand; the safety
 * factor k meets the fill-rate target, G(k) = (Q/σP)·(1 − β); safety stock k·σP; S = d·(R + L)
 * + k·σP. Mean on hand ≈ k·σP + σP·G(k) + Q/2 (the stock left at the end of a cycle, with the
 * shortfall added back, plus half a cycle's demand); capital is that × unit cost. Pure.
 *
 * The normal approximation misleads on intermittent and lumpy demand; replay (`replayOrderUpTo`)
 * is the check.
 */
import { safetyFactorForFillRate, standardNormalLoss } from "./normal.js";

export interface DemandAndSupply {
  /** Mean demand a day (censoring-corrected). */
  demandMean: number;
  /** Standard deviation of demand a day. */
  demandStd: number;
  /** Mean lead time, days. */
  leadTimeMean: number;
  /** Standard deviation of lead times, days. */
  leadTimeStd: number;
  unitCost: number;
}

export interface OrderUpToTargets {
  /** Fill-rate target β in (0, 1]; 1 is taken as 0.9999 (k would be infinite). */
  fillRate: number;
  reviewPeriodDays: number;
}

export interface OrderUpToPlan {
  protectionDays: number;
  protectionMean: number;
  protectionStd: number;
  /** Demand a review cycle, Q = d·R. */
  cycleDemand: number;
  safetyFactor: number;
  safetyStock: number;
  orderUpTo: number;
  meanOnHand: number;
  capital: number;
  /** 1 − σP·G(k)/Q; null without demand. */
  expectedFillRate: number | null;
}

/** β above which the target is treated as 0.9999. */
const MAX_FILL_RATE = 0.9999;

export function orderUpToPlan(sku: DemandAndSupply, targets: OrderUpToTargets): OrderUpToPlan {
  const { demandMean: d, demandStd: sd, leadTimeMean: l, leadTimeStd: sl, unitCost } = sku;
  const r = targets.reviewPeriodDays;
  const protectionDays = r + l;
  const protectionMean = d * protectionDays;
  const protectionStd = Math.sqrt(protectionDays * sd * sd + d * d * sl * sl);
  const cycleDemand = d * r;
  if (!(d > 0))
    return {
      protectionDays,
      protectionMean: 0,
      protectionStd: 0,
      cycleDemand: 0,
      safetyFactor: 0,
      safetyStock: 0,
      orderUpTo: 0,
      meanOnHand: 0,
      capital: 0,
      expectedFillRate: null,
    };
  if (!(protectionStd > 0)) {
    const meanOnHand = cycleDemand / 2;
    return {
      protectionDays,
      protectionMean,
      protectionStd: 0,
      cycleDemand,
      safetyFactor: 0,
      safetyStock: 0,
      orderUpTo: protectionMean,
      meanOnHand,
      capital: meanOnHand * unitCost,
      expectedFillRate: 1,
    };
  }
  const k = safetyFactorForFillRate({
    fillRate: Math.min(targets.fillRate, MAX_FILL_RATE),
    orderQuantity: cycleDemand,
    sigma: protectionStd,
  });
  const shortPerCycle = protectionStd * standardNormalLoss(k);
  const safetyStock = k * protectionStd;
  const meanOnHand = safetyStock + shortPerCycle + cycleDemand / 2;
  return {
    protectionDays,
    protectionMean,
    protectionStd,
    cycleDemand,
    safetyFactor: k,
    safetyStock,
    orderUpTo: protectionMean + safetyStock,
    meanOnHand,
    capital: meanOnHand * unitCost,
    expectedFillRate: 1 - shortPerCycle / cycleDemand,
  };
}
