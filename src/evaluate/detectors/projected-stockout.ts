/**
 * Stock projected forward from the as-of date: each replenished SKU's on hand, its open orders
 * on the day they are due (later by its typical delay, where its receipts were late), and its
 * expected demand a day (the forecast where there is one, else last year's same weeks where the
 * segment sizes on them, else the window's mean). Over its lead time (before an order placed
 * today could arrive; through the end of a seasonal build window's cover where the segment has
 * one), a SKU whose stock runs out even with demand PROJECTION_Z deviations below expected is
 * projected to run out (the date and units short are those of the expected path). One
 * finding a segment names them, when each runs out, the stock that would cover it, and whether
 * an order placed today still arrives in time. It is a warning when the segment's projected fill
 * rate over those days (its SKUs' expected path) falls below what it accepts (tolerance
 * fillRate.min, else its target), else a note: a policy aiming at 95% runs some SKUs out by
 * design. The expected path, not a test: `level` is absent.
 */
import { dateOfDay, dayNumber } from "../../dates.js";
import { finding, lineOf } from "../../findings/finding.js";
import type { Finding, ProjectedSku } from "../../findings/finding.js";
import { formatValue, plural } from "../../findings/metric-phrases.js";
import { skuModelInputs } from "../../metrics/model-inputs.js";
import { AHEAD_DAYS } from "../../metrics/sku-metrics.js";
import { yearAgoProfile } from "../../metrics/sku-plan.js";
import { inBuildWindow } from "../../model/forward-plan.js";
import { confidentShortDay, projectStock } from "../../model/project-stock.js";
import { sortedQuantile } from "../../stats/stats.js";
import type { SegmentTargets } from "../../types.js";
import type { Detector, EvaluationContext } from "../detector.js";
import type { AssignedSku, SegmentResult } from "../segment-portfolio.js";
import { round } from "../evaluate.js";

/** SKUs a finding names; the rest are counted. */
const NAMED = 10;

export const projectedStockoutDetector: Detector = {
  name: "SKUs projected to run out before an order can cover them",
  kinds: ["projected-stockout"],
  detect(context) {
    return context.portfolio.segments.flatMap((s) => projected(s, context));
  },
};

/**
 * Days projected: the lead time (until an order placed today could arrive, only what is on hand
 * and on order serves demand), or to the end of a build window's cover where that is later.
 */
export function projectionDays(
  targets: SegmentTargets,
  leadDays: number,
  asOfDay: number,
  buildDays = buildCoverDays(targets, asOfDay),
): number {
  return Math.min(AHEAD_DAYS, Math.max(leadDays, buildDays));
}

/**
 * Days from the as-of date to the end of the next build window's cover (0 without one): the
 * same for every SKU of a segment on one as-of date, so worked out once for them.
 */
export function buildCoverDays(targets: SegmentTargets, asOfDay: number): number {
  let days = 0;
  for (const b of targets.seasonalBuild ?? []) {
    // the next day of the window from tomorrow, and its last day after that
    let k = 1;
    while (k <= AHEAD_DAYS && !inBuildWindow(dateOfDay(asOfDay + k).slice(5), b)) k++;
    while (k <= AHEAD_DAYS && inBuildWindow(dateOfDay(asOfDay + k).slice(5), b)) k++;
    if (k <= AHEAD_DAYS) days = Math.max(days, k - 1 + Math.ceil(7 * b.coverWeeks));
  }
  return days;
}

/** Expected demand on day k after the as-of date. */
function expectedDemand(sku: AssignedSku, targets: SegmentTargets): (k: number) => number {
  const { forecastAhead, yearAgoDemand, days, demandMean } = sku.samples;
  const lastYear =
    targets.demandBasis === "last-year" && yearAgoDemand.length > days
      ? yearAgoProfile(yearAgoDemand)
      : undefined;
  return (k) => {
    const f = forecastAhead[k - 1];
    if (f !== undefined && Number.isFinite(f)) return f;
    const y = lastYear?.[days + k - 1];
    return y !== undefined && Number.isFinite(y) ? y : demandMean;
  };
}

/** Deviations below expected demand that stock must still fall short at: a one-sided 95%. */
export const PROJECTION_Z = 1.645;

/** A SKU's expected path (units short of units demanded) and, when it surely runs out, its entry. */
interface SkuProjection {
  shortUnits: number;
  demand: number;
  named: ProjectedSku | undefined;
}

/**
 * The SKU's projection. It is named when it runs out even if demand comes in low (cumulative
 * demand PROJECTION_Z deviations below expected still exceeds its stock): a SKU merely waiting
 * for its next lot is not named; one that cannot be served through its lead time is.
 */
function projectSku(
  sku: AssignedSku,
  targets: SegmentTargets,
  buildDays: (asOfDay: number) => number,
): SkuProjection | undefined {
  const { samples } = sku;
  if (!(samples.demandMean > 0) || samples.endOnHand === null) return undefined;
  const asOfDay = samples.firstDay + samples.days - 1;
  const lead = Math.max(1, Math.round(skuModelInputs(sku).leadTimeMean));
  const delays = [...samples.delays].sort((a, b) => a - b);
  const late = delays.length > 0 ? Math.max(0, sortedQuantile(delays, 0.5)) : 0;
  const days = projectionDays(targets, lead, asOfDay, buildDays(asOfDay));
  const arrivals = samples.openOrders.map((o) => ({
    day: Math.max(1, o.dueDay + late - asOfDay),
    qty: o.qty,
  }));
  const demand = expectedDemand(sku, targets);
  const dailyStd =
    typeof sku.metrics.demandStd?.value === "number" ? sku.metrics.demandStd.value : 0;
  // One literal for both projections (the expected one reads what it needs of it): a spread
  // followed by new keys would make a hidden class a SKU (see ARCHITECTURE).
  const stock = { onHand: samples.endOnHand, arrivals, demand, days, dailyStd, z: PROJECTION_Z };
  const p = projectStock(stock);
  const sure = confidentShortDay(stock) !== null;
  const named =
    sure && p.firstShortDay !== null && p.demand > 0
      ? {
          sku: sku.sku,
          date: dateOfDay(asOfDay + p.firstShortDay),
          fillRate: round(1 - p.shortUnits / p.demand),
          shortUnits: round(p.shortUnits),
          capital: round(p.shortUnits * samples.unitCost),
          orderInTime: p.firstShortDay > lead,
        }
      : undefined;
  return { shortUnits: p.shortUnits, demand: p.demand, named };
}

function projected(s: SegmentResult, { window, currency }: EvaluationContext): Finding[] {
  const targets = s.policy.value.targets;
  if (targets.replenish === false) return [];
  const known = s.skus.filter((k) => k.samples.demandMean > 0 && k.samples.endOnHand !== null);
  const builds = new Map<number, number>();
  const buildDays = (asOfDay: number): number =>
    builds.get(asOfDay) ??
    (builds.set(asOfDay, buildCoverDays(targets, asOfDay)).get(asOfDay) as number);
  const projections = known
    .map((k) => projectSku(k, targets, buildDays))
    .filter((p): p is SkuProjection => p !== undefined);
  const out = projections
    .flatMap((p) => (p.named ? [p.named] : []))
    .sort((a, b) => b.capital - a.capital || (a.sku < b.sku ? -1 : 1));
  if (out.length === 0) return [];
  // The segment's projected fill rate: below what it accepts, a warning; else the SKUs, noted.
  const demand = projections.reduce((t, p) => t + p.demand, 0);
  const fill = demand > 0 ? 1 - projections.reduce((t, p) => t + p.shortUnits, 0) / demand : 1;
  const minFill = s.policy.value.tolerance?.fillRate?.min ?? targets.fillRate;
  const capital = round(out.reduce((t, p) => t + p.capital, 0));
  const late = out.filter((p) => !p.orderInTime).length;
  const named = out.slice(0, NAMED);
  const last = out.map((p) => p.date).sort()[out.length - 1] as string;
  const money = (x: number) => formatValue("capital", x, currency);
  const list = named.map((p) => `${p.sku} on ${p.date}`).join(", ");
  const rest = out.length > named.length ? ` and ${out.length - named.length} more` : "";
  return [
    finding({
      kind: "projected-stockout",
      severity: fill < minFill ? "warning" : "info",
      scope: "segment",
      subject: s.name,
      policy: s.policy,
      key: "projected",
      expected: { min: minFill },
      actual: out.length,
      evidence: {
        n: known.length,
        interval: null,
        window,
        horizon: { from: dateOfDay(dayNumber(window.to) + 1), to: last },
        projected: named,
        moreSkus: out.length - named.length,
        capitalNeeded: capital,
        projectedFillRate: round(fill),
      },
      message:
        `In ${s.name}, ${out.length} of ${plural(known.length, "SKU")} ${out.length === 1 ? "is" : "are"} ` +
        `projected to run out, counting open orders, even if demand comes in at the low end of its ` +
        `range (one-sided 95%): ${list}${rest}; ` +
        `${money(capital)} of stock would cover the shortfall, and for ${late} of them an order placed ` +
        `${window.to} arrives too late. Over these days the segment would serve ` +
        `${formatValue("fillRate", fill)} of its expected demand (it accepts ` +
        `${formatValue("fillRate", minFill)} at least).`,
      owner: s.policy.value.metadata.owner,
      line: lineOf(s.policy, "/tolerance/fillRate", "/targets/fillRate"),
    }),
  ];
}
