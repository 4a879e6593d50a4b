/**
 * The one shape of a finding producer. A detector reads the evaluation context — the policies
 * with their source positions, the window, the segmented portfolio, the currency — and returns
 * findings built with `finding()`, and, for what it tests statistically, hypotheses the
 * evaluation's family decides on (family.ts). `detectors/index.ts` lists them; a new kind of finding is one
 * file there and one line in that list.
 */
import type { FindingKind } from "../findings/kinds.js";
import type { PolicySet } from "../types.js";
import type { Detected } from "./family.js";
import type { SegmentedPortfolio } from "./segment-portfolio.js";

export interface EvaluationContext {
  policies: PolicySet;
  window: { from: string; to: string };
  portfolio: SegmentedPortfolio;
  /** The RiskTolerance's currency, for money in messages. */
  currency: string;
  /** The reference window segment membership was decided on, if not the window itself. */
  membership?: { from: string; to: string };
}

export interface Detector {
  /** What it looks for, in a few words (for documentation and test names). */
  name: string;
  /** The kinds of finding it may raise. */
  kinds: readonly FindingKind[];
  /** Findings raised outright, and a hypothesis for every statistical test run (see family.ts). */
  detect(context: EvaluationContext): Detected | Promise<Detected>;
}
