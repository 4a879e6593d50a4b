/**
 * `policy-tolerance-conflict`: what each segment's targets imply in capital under the demand
 * variability and lead times observed now (the (R, S) model on every SKU), against the
 * segment's tolerated share of capital and the portfolio's capital bound. The message says which
 * target or bound to change, and by how much, to fit.
 *
 * The implied share is the segment's implied capital over the capital all segments' targets
 * imply (SKUs no segment takes count at their actual capital). A model is an estimate, so a
 * conflict is raised only beyond a margin (CONFLICT_MARGIN of the bound) and for segments with
 * MIN_MODELLED SKUs with demand; below that, nothing is claimed.
 */
import { finding, lineOf } from "../../findings/finding.js";
import type { Finding } from "../../findings/finding.js";
import { formatValue } from "../../findings/metric-phrases.js";
import type { Detector, EvaluationContext } from "../detector.js";
import { impliedPortfolio, impliedSegment } from "../implied-capital.js";
import type { ImpliedSegment } from "../implied-capital.js";
import type { SegmentResult } from "../segment-portfolio.js";

/** A conflict is raised when the implied value exceeds its bound by more than this share of it. */
export const CONFLICT_MARGIN = 0.1;
/** SKUs with demand a segment needs before its implied capital is compared with its tolerance. */
export const MIN_MODELLED = 5;

export const policyToleranceConflictDetector: Detector = {
  name: "targets that imply more capital than tolerated",
  kinds: ["policy-tolerance-conflict"],
  detect(context) {
    const { segments: implied, capital: total } = impliedPortfolio(context.portfolio);
    if (total <= 0) return [];
    return [
      ...context.portfolio.segments.flatMap((s, i) =>
        segmentConflict(s, implied[i] as ImpliedSegment, total, context),
      ),
      ...portfolioConflict(implied, total, context),
    ];
  },
};

/**
 * The highest fill-rate target in thousandths (from 50% up, below the segment's own, which does
 * not fit) at which the segment's implied share fits `max`: a bisection over the thousandths,
 * ten passes over the segment's SKUs where one to 1e-12 took forty.
 */
function fittingFillRate(segment: SegmentResult, others: number, max: number): number | undefined {
  const targets = segment.policy.value.targets;
  // implied share falls as the target falls
  const fits = (thousandths: number): boolean => {
    const c = impliedSegment(segment, { ...targets, fillRate: thousandths / 1000 }).capital;
    return c / (c + others) <= max;
  };
  if (!fits(500)) return undefined;
  let lo = 500;
  let hi = Math.ceil(targets.fillRate * 1000);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (fits(mid)) lo = mid;
    else hi = mid;
  }
  return lo / 1000;
}

function segmentConflict(
  segment: SegmentResult,
  own: ImpliedSegment,
  total: number,
  { window, currency }: EvaluationContext,
): Finding[] {
  const max = segment.policy.value.tolerance?.capitalShare?.max;
  const targets = segment.policy.value.targets;
  if (max === undefined || targets.replenish === false || own.modelled < MIN_MODELLED) return [];
  const share = own.capital / total;
  if (share <= max * (1 + CONFLICT_MARGIN)) return [];
  const fit = fittingFillRate(segment, total - own.capital, max);
  const raised = Math.ceil(share * 100) / 100;
  const change =
    fit !== undefined
      ? `lower targets.fillRate from ${targets.fillRate} to ${fit}, or raise tolerance.capitalShare.max ` +
        `from ${max} to ${raised}`
      : `no fill-rate target from 50% up fits: raise tolerance.capitalShare.max from ${max} to ${raised}, ` +
        `or shorten targets.reviewPeriodDays`;
  const pct = (x: number) => formatValue("capitalShare", x);
  return [
    finding({
      kind: "policy-tolerance-conflict",
      severity: "warning",
      scope: "segment",
      subject: segment.name,
      policy: segment.policy,
      metric: "capitalShare",
      expected: { max },
      actual: share,
      evidence: {
        n: own.modelled,
        interval: null,
        window,
        impliedCapital: own.capital,
        impliedPortfolioCapital: total,
        margin: CONFLICT_MARGIN,
        fitFillRate: fit ?? null,
      },
      message:
        `The targets of ${segment.name} (fill rate ${formatValue("fillRate", targets.fillRate)}, review every ` +
        `${targets.reviewPeriodDays} days) imply ${formatValue("capital", own.capital, currency)} of stock under the ` +
        `demand and lead times observed now (${own.modelled} SKUs modelled), ${pct(share)} of the capital all ` +
        `targets imply, against a tolerated ${pct(max)} at most. To fit: ${change}.`,
      owner: segment.policy.value.metadata.owner,
      line: lineOf(segment.policy, "/targets/fillRate"),
    }),
  ];
}

function portfolioConflict(
  implied: ImpliedSegment[],
  total: number,
  context: EvaluationContext,
): Finding[] {
  const { policies, window, currency } = context;
  const bound = policies.tolerance.value.portfolio.capital?.max;
  if (bound === undefined || total <= bound * (1 + CONFLICT_MARGIN)) return [];
  const largest = [...implied].sort((a, b) => b.capital - a.capital)[0];
  const money = (x: number) => formatValue("capital", x, currency);
  const most = largest ? `; the most in ${largest.name} (${money(largest.capital)})` : "";
  return [
    finding({
      kind: "policy-tolerance-conflict",
      severity: "warning",
      scope: "portfolio",
      subject: "portfolio",
      metric: "capital",
      expected: { max: bound },
      actual: total,
      evidence: {
        n: implied.reduce((t, s) => t + s.modelled, 0),
        interval: null,
        window,
        implied: implied.map((s) => ({ name: s.name, capital: s.capital })),
        margin: CONFLICT_MARGIN,
      },
      message:
        `The segments' targets imply ${money(total)} of stock under the demand and lead times observed now, ` +
        `against a portfolio bound of ${money(bound)}${most}. To fit: lower fill-rate targets` +
        `${largest ? `, starting with ${largest.name}` : ""}, or raise ` +
        `portfolio.capital.max to ${money(Math.ceil(total))}.`,
      owner: policies.tolerance.value.metadata.owner,
      line: lineOf(policies.tolerance, "/portfolio/capital/max"),
    }),
  ];
}
