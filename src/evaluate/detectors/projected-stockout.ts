/**
 * Stock projected forward from the as-of date: each replenished SKU's on hand, its open orders
 * on the day they are due (later by its typical delay, where its receipts were late), and its
 * expected demand a day (the forecast where there is one, else last year's same weeks where the
 * segment sizes on them, else the window's mean). Over its lead time (before an order placed
 * today could arrive; through the end of a seasonal build window's cover where the segment has
 * one), a SKU whose expected demand finds no stock is projected to run out. One
 * finding a segment names them, when each runs out, the stock that would cover it, and whether
 * an order placed today still arrives in time. The expected path, not a test: `level` is absent.
 */
import { dateOfDay, dayNumber } from "../../dates.js";
import { finding, lineOf } from "../../findings/finding.js";
import type { Finding, ProjectedSku } from "../../findings/finding.js";
import { formatValue, plural } from "../../findings/metric-phrases.js";
import { skuModelInputs } from "../../metrics/model-inputs.js";
import { AHEAD_DAYS } from "../../metrics/sku-metrics.js";
import { yearAgoProfile } from "../../metrics/sku-plan.js";
import { inBuildWindow } from "../../model/forward-plan.js";
import { projectStock } from "../../model/project-stock.js";
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
export function projectionDays(targets: SegmentTargets, leadDays: number, asOfDay: number): number {
  let days = leadDays;
  for (const b of targets.seasonalBuild ?? []) {
    // the next day of the window from tomorrow, and its last day after that
    let k = 1;
    while (k <= AHEAD_DAYS && !inBuildWindow(dateOfDay(asOfDay + k).slice(5), b)) k++;
    while (k <= AHEAD_DAYS && inBuildWindow(dateOfDay(asOfDay + k).slice(5), b)) k++;
    if (k <= AHEAD_DAYS) days = Math.max(days, k - 1 + Math.ceil(7 * b.coverWeeks));
  }
  return Math.min(AHEAD_DAYS, days);
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

function projectSku(sku: AssignedSku, targets: SegmentTargets): ProjectedSku | undefined {
  const { samples } = sku;
  if (!(samples.demandMean > 0) || samples.endOnHand === null) return undefined;
  const asOfDay = samples.firstDay + samples.days - 1;
  const lead = Math.max(1, Math.round(skuModelInputs(sku).leadTimeMean));
  const delays = [...samples.delays].sort((a, b) => a - b);
  const late = delays.length > 0 ? Math.max(0, sortedQuantile(delays, 0.5)) : 0;
  const days = projectionDays(targets, lead, asOfDay);
  const p = projectStock({
    onHand: samples.endOnHand,
    arrivals: samples.openOrders.map((o) => ({
      day: Math.max(1, o.dueDay + late - asOfDay),
      qty: o.qty,
    })),
    demand: expectedDemand(sku, targets),
    days,
  });
  if (p.firstShortDay === null) return undefined;
  return {
    sku: sku.sku,
    date: dateOfDay(asOfDay + p.firstShortDay),
    shortUnits: round(p.shortUnits),
    capital: round(p.shortUnits * samples.unitCost),
    orderInTime: p.firstShortDay > lead,
  };
}

function projected(s: SegmentResult, { window, currency }: EvaluationContext): Finding[] {
  const targets = s.policy.value.targets;
  if (targets.replenish === false) return [];
  const known = s.skus.filter((k) => k.samples.demandMean > 0 && k.samples.endOnHand !== null);
  const out = known
    .map((k) => projectSku(k, targets))
    .filter((p): p is ProjectedSku => p !== undefined)
    .sort((a, b) => b.capital - a.capital || (a.sku < b.sku ? -1 : 1));
  if (out.length === 0) return [];
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
      severity: "warning",
      scope: "segment",
      subject: s.name,
      policy: s.policy,
      key: "projected",
      actual: out.length,
      evidence: {
        n: known.length,
        interval: null,
        window,
        horizon: { from: dateOfDay(dayNumber(window.to) + 1), to: last },
        projected: named,
        moreSkus: out.length - named.length,
        capitalNeeded: capital,
      },
      message:
        `In ${s.name}, ${out.length} of ${plural(known.length, "SKU")} ${out.length === 1 ? "is" : "are"} ` +
        `projected to run out on expected ` +
        `demand, counting open orders: ${list}${rest}; ` +
        `${money(capital)} of stock would cover the shortfall, and for ${late} of them an order placed ` +
        `${window.to} arrives too late.`,
      owner: s.policy.value.metadata.owner,
      line: lineOf(s.policy, "/targets/fillRate"),
    }),
  ];
}
