/**
 * What the monthly report adds for people who decide, beside the findings: the revenue lost to
 * stockouts, cover outside its target range, findings that state one fact grouped as one, and
 * the month-over-month trend of the committed reports. Pure.
 */
import type { Finding } from "../findings/finding.js";
import type { SkuEvaluation } from "../metrics/sku-metrics.js";
import type { Bounds } from "../types.js";

/**
 * Revenue of the demand that went unserved: each SKU's revenue over the window scaled by its
 * lost share, revenue × (1 − fill rate) ÷ fill rate. SKUs without a price or a fill rate add
 * nothing; null when no SKU has both.
 */
export function lostRevenue(skus: readonly SkuEvaluation[]): number | null {
  let total = 0;
  let priced = 0;
  for (const s of skus) {
    const revenue = s.metrics.revenue?.value;
    const fill = s.metrics.fillRate?.value;
    if (typeof revenue !== "number" || typeof fill !== "number" || fill <= 0) continue;
    total += (revenue * (1 - fill)) / fill;
    priced++;
  }
  return priced > 0 ? total : null;
}

/** Where a cover figure sits against its target range: below it, above it, or inside (null). */
export function coverOutside(
  weeks: number | null,
  target: Bounds | null,
): "below" | "above" | null {
  if (weeks === null || !target) return null;
  if (target.min !== undefined && weeks < target.min) return "below";
  if (target.max !== undefined && weeks > target.max) return "above";
  return null;
}

/** Kinds whose findings can state the same measured fact (the same decisions, the same rate). */
const MEASURED = new Set([
  "routine-override",
  "tolerance-breach",
  "assumption-drift",
  "firefighting",
]);

/** The fact a finding states: its metric measured on the same observations to the same value. */
function factOf(f: Finding): string | undefined {
  if (!MEASURED.has(f.kind) || !f.metric || typeof f.actual !== "number") return undefined;
  const e = f.evidence;
  if (!e.interval || e.n < 1) return undefined;
  return JSON.stringify([f.metric, f.actual, e.n, e.interval]);
}

/**
 * Findings that state one fact (planner dana's override rate is segment trend's, to the
 * decision), as groups: the most severe first, then the rest, which the report names with it
 * instead of repeating. Findings alone in their fact are groups of one.
 */
export function groupByFact(findings: readonly Finding[]): Finding[][] {
  const groups: Finding[][] = [];
  const byFact = new Map<string, Finding[]>();
  for (const f of findings) {
    const fact = factOf(f);
    const group = fact ? byFact.get(fact) : undefined;
    if (group) group.push(f);
    else {
      const fresh = [f];
      groups.push(fresh);
      if (fact) byFact.set(fact, fresh);
    }
  }
  return groups;
}

/** One month of the trend: the portfolio's capital and fill rate, and its open findings. */
export interface TrendPoint {
  month: string;
  capital: number | null;
  fillRate: number | null;
  findings: { error: number; warning: number; info: number };
}
