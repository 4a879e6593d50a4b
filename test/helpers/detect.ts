/** Runs one detector on a constructed portfolio, as `evaluate` does for every detector. */
import type { Detector } from "../../src/evaluate/detector.js";
import { resolveFamily } from "../../src/evaluate/family.js";
import type { SegmentedPortfolio } from "../../src/evaluate/segment-portfolio.js";
import type { Finding } from "../../src/findings/finding.js";
import type { LoadedPolicy, PolicySet, RiskTolerance } from "../../src/types.js";
import { riskTolerance } from "./policies.js";

type Window = { from: string; to: string };

/** The policies a constructed portfolio implies: its segments' policies and a tolerance. */
export function policiesOf(
  portfolio: SegmentedPortfolio,
  tolerance: LoadedPolicy<RiskTolerance> = riskTolerance(),
): PolicySet {
  return {
    tolerance,
    segments: portfolio.segments.map((s) => s.policy),
    checks: [],
    exceptions: [],
    tests: [],
  };
}

const contextOf = (portfolio: SegmentedPortfolio, window: Window, policies: PolicySet) => ({
  portfolio,
  window,
  policies,
  currency: policies.tolerance.value.currency,
});

/** A synchronous detector's findings, its hypotheses decided as a family of their own (an asynchronous one is an error here: use `detectAsync`). */
export function detectNow(
  detector: Detector,
  portfolio: SegmentedPortfolio,
  window: Window,
  policies: PolicySet = policiesOf(portfolio),
): Finding[] {
  const found = detector.detect(contextOf(portfolio, window, policies));
  if (found instanceof Promise)
    throw new Error(`${detector.name} is asynchronous: use detectAsync`);
  return resolveFamily(found).findings;
}

export async function detectAsync(
  detector: Detector,
  portfolio: SegmentedPortfolio,
  window: Window,
  policies: PolicySet = policiesOf(portfolio),
): Promise<Finding[]> {
  return resolveFamily(await detector.detect(contextOf(portfolio, window, policies))).findings;
}
