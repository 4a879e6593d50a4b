/**
 * One evaluation: SKU metrics and policies in, the document of CONTRACT §4 out (every finding
 * `new`; history sets the status). Pure and deterministic: same inputs, same document.
 */
import { sortFindings } from "../findings/finding.js";
import type { Finding } from "../findings/finding.js";
import type { MetricValue } from "../metrics/observations.js";
import type { SkuEvaluation } from "../metrics/sku-metrics.js";
import { policySummary } from "../policy/policy-summary.js";
import type { PolicySummary } from "../policy/policy-summary.js";
import type { PolicySet } from "../types.js";
import { VERSION } from "../version.js";
import type { Detector, EvaluationContext } from "./detector.js";
import { DETECTORS } from "./detectors/index.js";
import { isHypothesis, resolveFamily } from "./family.js";
import type { FamilyResult, Hypothesis, TestOutcome } from "./family.js";
import { segmentPortfolio } from "./segment-portfolio.js";
import type { SegmentOptions, SegmentedPortfolio } from "./segment-portfolio.js";
import { appendAll } from "../collections.js";
import { applyExceptions } from "./apply-exceptions.js";
import type { Subjects } from "./apply-exceptions.js";

/**
 * The window evaluated, both ends included; `askedFrom` when the window asked for began before
 * the first day of data and was clipped to it.
 */
export interface EvaluationWindow {
  from: string;
  to: string;
  askedFrom?: string;
}

export interface EvaluationDocument {
  schemaVersion: 1;
  tool: { name: "stockpolicy"; version: string };
  asOf: string;
  window: { from: string; to: string };
  /** Present only when the window asked for reached before the data: what was asked. */
  windowAsked?: { from: string; to: string };
  /** The reference window SKUs were assigned to segments on; absent: on the window itself. */
  membershipWindow?: { from: string; to: string };
  policies: PolicySummary[];
  segments: { name: string; skus: number; metrics: Record<string, number | string | null> }[];
  /** Open findings by severity, not counting waived ones; `waived` when any are. */
  summary: { findings: { error: number; warning: number; info: number }; waived?: number };
  findings: Finding[];
}

/** Numbers in documents keep 6 decimals: enough for any decision, stable in diffs. */
export function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

export function metricValues(
  metrics: Partial<Record<string, MetricValue>>,
): Record<string, number | string | null> {
  return Object.fromEntries(
    Object.entries(metrics).map(([k, v]) => [
      k,
      typeof v?.value === "number" ? round(v.value) : (v?.value ?? null),
    ]),
  );
}

/** Open findings by severity, waived ones apart (counted only when there are some). */
export function summarize(findings: readonly Finding[]): EvaluationDocument["summary"] {
  const open = findings.filter((f) => f.status !== "resolved");
  const count = (s: string): number =>
    open.filter((f) => f.severity === s && f.waived === undefined).length;
  const waived = open.filter((f) => f.waived !== undefined).length;
  return {
    findings: { error: count("error"), warning: count("warning"), info: count("info") },
    ...(waived > 0 ? { waived } : {}),
  };
}

export interface EvaluationResult {
  document: EvaluationDocument;
  portfolio: SegmentedPortfolio;
  /** The tolerance's currency, for whoever writes money from this result. */
  currency: string;
  /** Every statistical test of the evaluation's family, as decided (family.ts). */
  tests: TestOutcome[];
}

export async function evaluate(
  evaluations: readonly SkuEvaluation[],
  policies: PolicySet,
  evaluated: EvaluationWindow,
  options: SegmentOptions = {},
): Promise<EvaluationResult> {
  const { askedFrom, ...window } = evaluated;
  const portfolio = await segmentPortfolio(evaluations, policies.segments, options);
  const currency = policies.tolerance.value.currency;
  const membership = options.reference?.window;
  const { findings: all, tests } = await detect({
    policies,
    window,
    portfolio,
    currency,
    ...(membership ? { membership } : {}),
  });
  // One finding an id: the same metric can lack data under both assumptions and tolerance (one
  // detector's; ids of two detectors never meet, see claimId).
  const unique = [...new Map(all.map((f) => [f.id, f])).values()];
  // Exceptions judge the values as printed; the findings they add are rounded alike.
  const findings = sortFindings(
    applyExceptions(unique.map(roundFinding), policies.exceptions, {
      asOf: window.to,
      window,
      subjects: () => subjectsOf(portfolio, policies),
      tolerance: policies.tolerance,
    }).map(roundFinding),
  );
  const document: EvaluationDocument = {
    schemaVersion: 1,
    tool: { name: "stockpolicy", version: VERSION },
    asOf: window.to,
    window,
    ...(askedFrom !== undefined ? { windowAsked: { from: askedFrom, to: window.to } } : {}),
    ...(options.reference ? { membershipWindow: options.reference.window } : {}),
    policies: policies.segments.map(policySummary),
    segments: portfolio.segments.map((s) => ({
      name: s.name,
      skus: s.skus.length,
      metrics: metricValues(s.metrics),
    })),
    summary: summarize(findings),
    findings,
  };
  return { document, portfolio, currency, tests };
}

/**
 * Every detector's findings for one evaluation context: those raised outright, in the detectors'
 * order, then those of the hypotheses the family rejects.
 */
export async function detect(
  context: EvaluationContext,
  detectors: readonly Detector[] = DETECTORS,
): Promise<FamilyResult> {
  const detected: (Finding | Hypothesis)[] = [];
  const raisedBy = new Map<string, string>();
  for (const detector of detectors) {
    const found = await detector.detect(context);
    for (const x of found) claimId(raisedBy, isHypothesis(x) ? x.finding : x, detector.name);
    appendAll(detected, found);
  }
  return resolveFamily(detected);
}

/**
 * A finding id belongs to the one detector that raises it: two raising one id would make one
 * finding silently replace the other (an expedite-rate bound and the expedite trend once did).
 * One detector may raise an id twice (a metric lacking data under both assumptions and
 * tolerance): those are one finding.
 */
function claimId(raisedBy: Map<string, string>, f: Finding | undefined, detector: string): void {
  if (!f) return;
  const owner = raisedBy.get(f.id);
  if (owner === undefined) raisedBy.set(f.id, detector);
  else if (owner !== detector)
    throw new Error(`two detectors raise the finding id ${f.id}: "${owner}" and "${detector}"`);
}

const roundFinding = (f: Finding): Finding => ({
  ...f,
  actual: typeof f.actual === "number" ? round(f.actual) : f.actual,
  evidence: roundEvidence(f.evidence),
});

function roundEvidence(e: Finding["evidence"]): Finding["evidence"] {
  const out: Finding["evidence"] = { ...e };
  if (e.interval) out.interval = [round(e.interval[0]), round(e.interval[1])];
  for (const [k, v] of Object.entries(e))
    if (typeof v === "number" && k !== "n") Object.assign(out, { [k]: round(v) });
  return out;
}

/** What an exception may name: the SKUs, segments, planners and suppliers there are. */
function subjectsOf(portfolio: SegmentedPortfolio, policies: PolicySet): Subjects {
  const planners = new Set<string>();
  const suppliers = new Set<string>();
  for (const s of portfolio.skus) {
    for (const p of Object.keys(s.samples.byPlanner ?? {})) planners.add(p);
    const supplier = s.columns.supplier;
    if (typeof supplier === "string" && supplier !== "") suppliers.add(supplier);
  }
  return {
    sku: new Set(portfolio.skus.map((s) => s.sku)),
    segment: new Set(policies.segments.map((s) => s.value.metadata.name)),
    planner: planners,
    supplier: suppliers,
    portfolio: new Set([policies.tolerance.value.metadata.name]),
  };
}
