/**
 * `explain SKU` end to end: evaluate without recording a run, keeping the SKU's rule leaves, and
 * gather what explains it: its segment and why, its (R, S) plan under its segment's targets, and
 * the findings about it or its segment.
 */
import { UsageError } from "../errors.js";
import { skuModelInputs } from "../metrics/model-inputs.js";
import { orderUpToPlan } from "../model/order-up-to.js";
import type { Explanation } from "../report/render-explanation.js";
import type { AssignedSku, SegmentedPortfolio } from "../evaluate/segment-portfolio.js";
import { didYouMean } from "../vocabulary/did-you-mean.js";
import { runEvaluation } from "./run-evaluation.js";
import type { EvaluationRequest } from "./run-evaluation.js";

export async function runExplain(
  request: EvaluationRequest & { explain: string },
): Promise<Explanation> {
  const { document, portfolio, currency } = await runEvaluation({ ...request, record: false });
  const name = request.explain;
  const sku = portfolio.skus.find((s) => s.sku === name);
  if (!sku) {
    const close = didYouMean(
      name,
      portfolio.skus.map((s) => s.sku),
    );
    throw new UsageError(`unknown SKU: ${name}${close ? ` (did you mean ${close}?)` : ""}`);
  }
  const segment = sku.assignment.segment;
  return {
    plan: planOf(sku, portfolio),
    currency,
    sku,
    window: document.window,
    membershipWindow: document.membershipWindow,
    priorities: Object.fromEntries(
      portfolio.segments.map((s) => [s.name, s.policy.value.priority]),
    ),
    findings: document.findings.filter(
      (f) =>
        (f.scope === "sku" && f.subject === name) ||
        (f.scope === "segment" && f.subject === segment),
    ),
  };
}

/** The SKU's (R, S) plan under its segment's targets, when it is replenished and has demand. */
function planOf(sku: AssignedSku, portfolio: SegmentedPortfolio): Explanation["plan"] {
  const targets = portfolio.segments.find((s) => s.name === sku.assignment.segment)?.policy.value
    .targets;
  const inputs = skuModelInputs(sku);
  if (!targets || targets.replenish === false || inputs.demandMean <= 0) return undefined;
  return {
    targets: { fillRate: targets.fillRate, reviewPeriodDays: targets.reviewPeriodDays },
    inputs: {
      demandMean: inputs.demandMean,
      demandStd: inputs.demandStd,
      leadTimeMean: inputs.leadTimeMean,
      leadTimeStd: inputs.leadTimeStd,
      unitCost: inputs.unitCost,
    },
    plan: orderUpToPlan(inputs, targets),
  };
}
