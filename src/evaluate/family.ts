/**
 * The tests of one evaluation are one family. A statistical detector does not raise its finding
 * itself: it returns a Hypothesis — the test's p-value and the finding to raise if it is
 * rejected — for every test it ran, significant or not. The family is then tested together by
 * Holm's weighted step-down procedure at FAMILY_LEVEL: every bound test and every signal test
 * is one unit of equal weight, and the per-SKU tests of one segment share a unit (a block)
 * between them, so a segment of a thousand SKUs weighs as much as one bound test. A calm company
 * whose bounds hold gets a false finding in at most 5% of evaluations, however many segments
 * and SKUs it has. Of a block's rejected hypotheses the first BLOCK_FINDINGS (in the order the
 * detector gave them: most material first) raise their finding, and the last of those counts the
 * rest (`more`). Significance is this gate; materiality is each detector's own, before it. Pure.
 */
import { pushTo } from "../collections.js";
import type { Finding } from "../findings/finding.js";
import { holmAdjusted } from "../stats/multiple-testing.js";
import { SKU_FINDINGS_PER_SEGMENT } from "./materiality.js";

/** The family-wise error rate of one evaluation. */
export const FAMILY_LEVEL = 0.05;

/** Findings a block raises; the rest of those rejected are counted. */
export const BLOCK_FINDINGS = SKU_FINDINGS_PER_SEGMENT;

export interface Hypothesis {
  /** What is tested (unique within the evaluation), e.g. "bound:fast-movers/assumptions/leadTimeDays/max". */
  hypothesis: string;
  /** The test's one-sided p-value. */
  p: number;
  /** Tests that share one unit of the family's weight (the per-SKU tests of a segment). */
  block?: string;
  /** The finding to raise when the hypothesis is rejected; none when the test is not material. */
  finding?: Finding;
}

/** What a detector returns: findings it raises outright, and hypotheses for the family. */
export type Detected = readonly (Finding | Hypothesis)[];

export const isHypothesis = (x: Finding | Hypothesis): x is Hypothesis => "hypothesis" in x;

/** One test of the family as decided: for calibration and `explain`, not the document. */
export interface TestOutcome {
  hypothesis: string;
  p: number;
  adjustedP: number;
  /** It had a finding to raise (it passed its detector's materiality gate). */
  material: boolean;
  /** Material and rejected by the family: its finding was raised (or counted in a block's `more`). */
  rejected: boolean;
}

export interface FamilyResult {
  findings: Finding[];
  tests: TestOutcome[];
}

/**
 * The findings of one evaluation: those raised outright, and those of the hypotheses the family
 * rejects, each with its p-value, its Holm-adjusted p, the level and the size of the family in
 * its evidence; and every test as decided.
 */
export function resolveFamily(detected: Detected): FamilyResult {
  const outright = detected.filter((x): x is Finding => !isHypothesis(x));
  const tests = detected.filter(isHypothesis);
  const units = new Set(tests.map(unitOf)).size;
  const members = new Map<string, number>();
  for (const t of tests) members.set(unitOf(t), (members.get(unitOf(t)) ?? 0) + 1);
  const weight = (t: Hypothesis): number => 1 / units / (members.get(unitOf(t)) ?? 1);
  const adjusted = holmAdjusted(tests.map((t) => ({ p: t.p, weight: weight(t) })));
  const raised = tests.flatMap((t, i) => {
    const adjustedP = adjusted[i] ?? 1;
    if (!t.finding || adjustedP > FAMILY_LEVEL) return [];
    const evidence = {
      ...t.finding.evidence,
      p: t.p,
      adjustedP,
      level: FAMILY_LEVEL,
      tests: units,
    };
    return [{ unit: unitOf(t), finding: { ...t.finding, evidence } }];
  });
  const outcomes = tests.map((t, i) => ({
    hypothesis: t.hypothesis,
    p: t.p,
    adjustedP: adjusted[i] ?? 1,
    material: t.finding !== undefined,
    rejected: t.finding !== undefined && (adjusted[i] ?? 1) <= FAMILY_LEVEL,
  }));
  return { findings: [...outright, ...capBlocks(raised)], tests: outcomes };
}

/** The first BLOCK_FINDINGS of each block; the last one kept counts the others. */
function capBlocks(raised: readonly { unit: string; finding: Finding }[]): Finding[] {
  const byUnit = new Map<string, Finding[]>();
  for (const r of raised) pushTo(byUnit, r.unit, r.finding);
  return [...byUnit.values()].flatMap((findings) => {
    if (findings.length <= BLOCK_FINDINGS) return findings;
    const kept = findings.slice(0, BLOCK_FINDINGS);
    const last = kept[BLOCK_FINDINGS - 1] as Finding;
    const more = findings.length - BLOCK_FINDINGS;
    return [...kept.slice(0, -1), { ...last, evidence: { ...last.evidence, more } }];
  });
}

/** A test's unit of weight: its block, or itself. */
const unitOf = (t: Hypothesis): string =>
  t.block !== undefined ? `block:${t.block}` : `test:${t.hypothesis}`;
