/**
 * What the (R, S) model needs of a SKU, from its observed window: demand mean and deviation a
 * day (censoring-corrected), lead-time mean and deviation from its receipts in the window
 * (the planned lead time, taken as certain, when it has none), and unit cost. Pure.
 */
import type { SkuEvaluation } from "./sku-metrics.js";
import { mean, sampleStd } from "../stats/stats.js";
import type { DemandAndSupply } from "../model/order-up-to.js";

export function skuModelInputs(sku: SkuEvaluation): DemandAndSupply & { leadTimes: number[] } {
  const { samples, metrics } = sku;
  const leads = samples.leads;
  const planned =
    typeof metrics.plannedLeadTimeDays?.value === "number" ? metrics.plannedLeadTimeDays.value : 0;
  return {
    demandMean: samples.demandMean,
    demandStd: typeof metrics.demandStd?.value === "number" ? metrics.demandStd.value : 0,
    leadTimeMean: mean(leads) ?? planned,
    leadTimeStd: sampleStd(leads) ?? 0,
    unitCost: samples.unitCost,
    leadTimes: leads.length ? leads : [planned],
  };
}
