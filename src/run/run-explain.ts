/**
 * `explain SKU` end to end: evaluate without recording a run, keeping the SKU's rule leaves, and
 * gather what explains it: its segment and why, its (R, S) plan under its segment's targets, and
 * the findings about it or its segment.
 */
import { UsageError } from "../errors.js";
import { skuModelInputs } from "../metrics/model-inputs.js";
import { orderUpToPlan } from "../model/order-up-to.js";
import { skuPlan } from "../metrics/sku-plan.js";
import { skuFrontier } from "../governance/frontier.js";
import type { SegmentTargets } from "../types.js";
import type { Explanation } from "../report/render-explanation.js";
import type { AssignedSku, SegmentedPortfolio } from "../evaluate/segment-portfolio.js";
import type { SkuEvaluation } from "../metrics/sku-metrics.js";
import { didYouMean } from "../vocabulary/did-you-mean.js";
import { resolveAsOf, withEvaluationSession } from "./run-evaluation.js";
import type { EvaluationRequest } from "./run-evaluation.js";
import { readReplayedSku } from "./run-simulate.js";

export async function runExplain(
  request: EvaluationRequest & { explain: string },
): Promise<Explanation> {
  const { explained, year } = await withEvaluationSession(
    { ...request, record: false },
    async (session) => {
      const asOf = resolveAsOf(request.asOf, session);
      const explained = await session.evaluateAt(asOf, { explain: request.explain });
      return { explained, year: await readReplayedSku(session, asOf, request.explain) };
    },
  );
  const { document, portfolio, currency } = explained;
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
  const targets = portfolio.segments.find((s) => s.name === segment)?.policy.value.targets;
  const replayed = year?.sku;
  const replenished = targets !== undefined && targets.replenish !== false;
  return {
    plan: planOf(sku, portfolio),
    ...(replenished && replayed && year
      ? {
          frontier: skuFrontier(replayed, targets),
          frontierWindow: { from: year.from, to: year.to },
          forward: forwardOf(replayed, targets),
        }
      : {}),
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

/** Where the segment's targets look forward: the basis the SKU's plan rests on and its level today. */
function forwardOf(sku: SkuEvaluation, targets: SegmentTargets): Explanation["forward"] {
  if ((targets.demandBasis ?? "trailing") === "trailing" && !targets.seasonalBuild)
    return undefined;
  const plan = skuPlan(sku, targets);
  if (!plan || typeof plan.orderUpTo === "number") return undefined;
  return {
    asked: targets.demandBasis ?? "trailing",
    basis: plan.basis,
    orderUpToToday: plan.orderUpTo[plan.orderUpTo.length - 1] ?? 0,
    capital: plan.capital,
    expectedFillRate: plan.expectedFillRate,
    errorCv: plan.errorCv,
  };
}
