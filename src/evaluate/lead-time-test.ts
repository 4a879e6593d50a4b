/**
 * The test of a maximum lead time, on the orders placed in the window as survival data. Two
 * looks, Bonferroni-combined so that the bound is still tested at one level:
 * - the Kaplan–Meier restricted mean exceeds the bound (one-sided, normal): open orders count
 *   only for as long as they have run, so the estimate is a lower bound of the mean and the test
 *   stays valid however many orders are open;
 * - more than half of the orders followed for at least the bound took longer (exact binomial):
 *   the median beyond the bound, which for lead times (skewed to the right: median ≤ mean) puts
 *   the mean beyond it too. It sees a shift as soon as the first orders placed after it pass the
 *   bound, long before they arrive.
 * Pure.
 */
import type { LeadTimeEvidence } from "../findings/finding.js";
import { beyondBound, cohortTable } from "../metrics/lead-times.js";
import type { OrderCohort } from "../metrics/lead-times.js";
import { binomialUpperTail, normalExceedanceP } from "../stats/stats.js";
import { restrictedMeanOf } from "../stats/survival.js";

/** What the lead-time test found: its p-value, and the evidence behind it. */
export interface LeadTimeTest extends LeadTimeEvidence {
  /** The bound's p-value: 2 × the smaller of the two looks, at most 1. */
  p: number;
}

export function leadTimeTest(orders: OrderCohort, bound: number): LeadTimeTest | undefined {
  const rm = restrictedMeanOf(cohortTable(orders));
  if (!rm) return undefined;
  const meanP = normalExceedanceP(rm.value, Math.sqrt(rm.variance), bound, "max");
  const { beyond, followed } = beyondBound(orders, bound);
  const shareP = followed > 0 ? binomialUpperTail(beyond, followed, 0.5) : 1;
  // No receipt yet: the mean has no variance to test with, only the share speaks.
  const looks = rm.events >= 2 ? [meanP, shareP] : [shareP];
  return {
    p: Math.min(1, looks.length * Math.min(...looks)),
    estimator: "kaplan-meier",
    received: rm.events,
    open: rm.censored,
    restrictedMean: rm.value,
    horizonDays: rm.tau,
    meanP: rm.events >= 2 ? meanP : 1,
    followed,
    beyond,
    shareP,
  };
}
