/**
 * The one shape of a finding producer. A detector reads the evaluation context — the policies
 * with their source positions, the window, the segmented portfolio, the currency — and returns
 * findings built with `finding()`. `detectors/index.ts` lists them; a new kind of finding is one
 * file there and one line in that list.
 */
import type { Finding } from "../findings/finding.js";
import type { FindingKind } from "../findings/kinds.js";
import type { PolicySet } from "../types.js";
import type { SegmentedPortfolio } from "./segment-portfolio.js";

export interface EvaluationContext {
  policies: PolicySet;
  window: { from: string; to: string };
  portfolio: SegmentedPortfolio;
  /** The RiskTolerance's currency, for money in messages. */
  currency: string;
}

export interface Detector {
  /** What it looks for, in a few words (for documentation and test names). */
  name: string;
  /** The kinds of finding it may raise. */
  kinds: readonly FindingKind[];
  detect(context: EvaluationContext): Finding[] | Promise<Finding[]>;
}
