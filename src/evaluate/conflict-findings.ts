/**
 * `policy-tolerance-conflict`: what each segment's targets imply in capital under the demand
 * variability and lead times observed now (the (R, S) model on every SKU), against the
 * segment's tolerated share of capital and the portfolio's capital bound. The message says which
 * target or bound to change, and by how much, to fit. Pure.
 *
 * The implied share is the segment's implied capital over the capital all segments' targets
 * imply (SKUs no segment takes count at their actual capital). A model is an estimate, so a
 * conflict is raised only beyond a margin (CONFLICT_MARGIN of the bound) and for segments with
 * MIN_MODELLED SKUs with demand; below that, nothing is claimed.
 */
import { findingId } from "../findings/finding.js";
import type { Finding } from "../findings/finding.js";
import { formatValue } from "../findings/metric-phrases.js";
import type { PolicySet } from "../types.js";
import { impliedPortfolio, impliedSegment } from "./implied-capital.js";
import type { ImpliedSegment } from "./implied-capital.js";
import type { SegmentedPortfolio } from "./segment-portfolio.js";
import { sourceOf } from "../policy/source-of.js";

/** A conflict is raised when the implied value exceeds its bound by more than this share of it. */
export const CONFLICT_MARGIN = 0.1;
/** SKUs with demand a segment needs before its implied capital is compared with its tolerance. */
export const MIN_MODELLED = 5;

type Window = { from: string; to: string };

export function conflictFindings(
  portfolio: SegmentedPortfolio,
  policies: PolicySet,
  window: Window,
): Finding[] {
  const currency = policies.tolerance.value.currency;
  const { segments: implied, capital: total } = impliedPortfolio(portfolio);
  const findings: Finding[] = [];
  if (total <= 0) return findings;

  portfolio.segments.forEach((segment, i) => {
    const own = implied[i] as ImpliedSegment;
    const max = segment.policy.value.tolerance?.capitalShare?.max;
    const targets = segment.policy.value.targets;
    if (max === undefined || targets.replenish === false || own.modelled < MIN_MODELLED) return;
    const share = own.capital / total;
    if (share <= max * (1 + CONFLICT_MARGIN)) return;
    const others = total - own.capital;
    // the fill-rate target that fits: implied share falls as the target falls
    const shareAt = (fillRate: number): number => {
      const c = impliedSegment(segment, { ...targets, fillRate }).capital;
      return c / (c + others);
    };
    let fit: number | undefined;
    if (shareAt(0.5) <= max) {
      let lo = 0.5;
      let hi = targets.fillRate;
      for (let k = 0; k < 40; k++) {
        const mid = (lo + hi) / 2;
        if (shareAt(mid) <= max) lo = mid;
        else hi = mid;
      }
      fit = Math.floor(lo * 1000) / 1000;
    }
    const meta = segment.policy.value.metadata;
    const change =
      fit !== undefined
        ? `lower targets.fillRate from ${targets.fillRate} to ${fit}, or raise tolerance.capitalShare.max from ${max} to ${Math.ceil(share * 100) / 100}`
        : `no fill-rate target from 50% up fits: raise tolerance.capitalShare.max from ${max} to ${Math.ceil(share * 100) / 100}, or shorten targets.reviewPeriodDays`;
    findings.push({
      id: findingId("policy-tolerance-conflict", "segment", segment.name, "capitalShare"),
      kind: "policy-tolerance-conflict",
      severity: "warning",
      scope: "segment",
      subject: segment.name,
      policy: segment.name,
      policyVersion: meta.version,
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
      message: `The targets of ${segment.name} (fill rate ${formatValue("fillRate", targets.fillRate)}, review every ${targets.reviewPeriodDays} days) imply ${formatValue("capital", own.capital, currency)} of stock under the demand and lead times observed now (${own.modelled} SKUs modelled), ${formatValue("capitalShare", share)} of the capital all targets imply, against a tolerated ${formatValue("capitalShare", max)} at most. To fit: ${change}.`,
      owner: meta.owner,
      source: sourceOf(segment.policy, "/targets/fillRate"),
      status: "new",
    });
  });

  const bound = policies.tolerance.value.portfolio.capital?.max;
  if (bound !== undefined && total > bound * (1 + CONFLICT_MARGIN)) {
    const largest = [...implied].sort((a, b) => b.capital - a.capital)[0];
    const meta = policies.tolerance.value.metadata;
    findings.push({
      id: findingId("policy-tolerance-conflict", "portfolio", "portfolio", "capital"),
      kind: "policy-tolerance-conflict",
      severity: "warning",
      scope: "portfolio",
      subject: "portfolio",
      policy: null,
      policyVersion: null,
      metric: "capital",
      expected: { max: bound },
      actual: total,
      evidence: {
        n: implied.reduce((t, s) => t + s.modelled, 0),
        interval: null,
        window,
        bySegment: Object.fromEntries(implied.map((s) => [s.name, s.capital])),
        margin: CONFLICT_MARGIN,
      },
      message: `The segments' targets imply ${formatValue("capital", total, currency)} of stock under the demand and lead times observed now, against a portfolio bound of ${formatValue("capital", bound, currency)}${largest ? `; the most in ${largest.name} (${formatValue("capital", largest.capital, currency)})` : ""}. To fit: lower fill-rate targets${largest ? `, starting with ${largest.name}` : ""}, or raise portfolio.capital.max to ${formatValue("capital", Math.ceil(total), currency)}.`,
      owner: meta.owner,
      source: sourceOf(policies.tolerance, "/portfolio/capital/max"),
      status: "new",
    });
  }
  return findings;
}
