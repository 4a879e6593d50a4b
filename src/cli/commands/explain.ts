/** `stockpolicy explain SKU`: the SKU's metrics, its segment and why, and the findings about it. */
import { toIsoDate } from "../../dates.js";
import { UsageError } from "../../errors.js";
import { didYouMean } from "../../vocabulary/did-you-mean.js";
import { renderExplanation } from "../../report/render-explanation.js";
import type { Explanation } from "../../report/render-explanation.js";
import { evaluationRequest, runEvaluation } from "../../run/run-evaluation.js";
import type { Io } from "../io.js";
import type { SharedOptions } from "../shared-options.js";
import { orderUpToPlan } from "../../model/order-up-to.js";
import { skuModelInputs } from "../../metrics/model-inputs.js";

export async function explainCommand(
  skuName: string,
  options: SharedOptions,
  io: Io,
): Promise<number> {
  const { document, portfolio, currency } = await runEvaluation({
    ...evaluationRequest(options, io.cwd, toIsoDate(io.now)),
    record: false,
    explain: skuName,
  });
  const sku = portfolio.skus.find((s) => s.sku === skuName);
  if (!sku) {
    const close = didYouMean(
      skuName,
      portfolio.skus.map((s) => s.sku),
    );
    throw new UsageError(`unknown SKU: ${skuName}${close ? ` (did you mean ${close}?)` : ""}`);
  }
  const segment = sku.assignment.segment;
  const targets = portfolio.segments.find((s) => s.name === segment)?.policy.value.targets;
  const inputs = skuModelInputs(sku);
  const plan =
    targets && targets.replenish !== false && inputs.demandMean > 0
      ? {
          targets: { fillRate: targets.fillRate, reviewPeriodDays: targets.reviewPeriodDays },
          inputs: {
            demandMean: inputs.demandMean,
            demandStd: inputs.demandStd,
            leadTimeMean: inputs.leadTimeMean,
            leadTimeStd: inputs.leadTimeStd,
            unitCost: inputs.unitCost,
          },
          plan: orderUpToPlan(inputs, targets),
        }
      : undefined;
  const explanation: Explanation = {
    plan,
    currency,
    sku,
    window: document.window,
    priorities: Object.fromEntries(
      portfolio.segments.map((s) => [s.name, s.policy.value.priority]),
    ),
    findings: document.findings.filter(
      (f) =>
        (f.scope === "sku" && f.subject === skuName) ||
        (f.scope === "segment" && f.subject === segment),
    ),
  };
  if (options.format === "json") {
    io.stdout(
      `${JSON.stringify({ sku: sku.sku, columns: sku.columns, segment, assignment: sku.assignment, window: document.window, metrics: sku.metrics, model: plan ?? null, findings: explanation.findings }, null, 2)}\n`,
    );
  } else io.stdout(renderExplanation(explanation));
  return 0;
}
