/**
 * What the (R, S) model needs of a SKU, from its observed window: demand mean and deviation a
 * day (censoring-corrected), lead-time mean and deviation from its receipts and overdue orders
 * (the planned lead time, taken as certain, when it has none), and unit cost. Pure.
 */
import type { SkuEvaluation } from "../metrics/sku-metrics.js";
import type { DemandAndSupply } from "./order-up-to.js";

export function skuModelInputs(sku: SkuEvaluation): DemandAndSupply & { leadTimes: number[] } {
  const { samples, metrics } = sku;
  const leads = samples.leads;
  const planned =
    typeof metrics.plannedLeadTimeDays?.value === "number" ? metrics.plannedLeadTimeDays.value : 0;
  const mean = leads.length ? leads.reduce((t, x) => t + x, 0) / leads.length : planned;
  const std =
    leads.length >= 2
      ? Math.sqrt(leads.reduce((t, x) => t + (x - mean) ** 2, 0) / (leads.length - 1))
      : 0;
  return {
    demandMean: samples.demandMean,
    demandStd: typeof metrics.demandStd?.value === "number" ? metrics.demandStd.value : 0,
    leadTimeMean: mean,
    leadTimeStd: std,
    unitCost: samples.unitCost,
    leadTimes: leads.length ? leads : [planned],
  };
}
