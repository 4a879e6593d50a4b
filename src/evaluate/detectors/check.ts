/**
 * Custom checks (checks/*.yaml) run over the same facts as segment rules: each SKU (with its
 * assigned segment as `segment`), each segment's metrics, or the portfolio's. SKU findings are
 * kept for material SKUs only — the largest by capital, then revenue — at most a few per
 * segment, with one more finding that counts the rest.
 */
import { appendAll, pushTo } from "../../collections.js";
import { finding, lineOf } from "../../findings/finding.js";
import type { Evidence, Finding } from "../../findings/finding.js";
import type { FindingScope } from "../../findings/kinds.js";
import { formatValue } from "../../findings/metric-phrases.js";
import type { MetricValue } from "../../metrics/observations.js";
import type { SkuMetrics } from "../../metrics/sku-metrics.js";
import type { CheckPolicy, LoadedPolicy } from "../../types.js";
import { isMetricName } from "../../vocabulary/metric-catalog.js";
import type { Detector, EvaluationContext } from "../detector.js";
import { compileRules } from "../engine.js";
import type { Facts, LeafResult } from "../engine.js";
import { SKU_FINDINGS_PER_SEGMENT, byMateriality } from "../materiality.js";
import { skuFactsView } from "../segment-portfolio.js";
import type { AssignedSku } from "../segment-portfolio.js";

/** SKU ids named in the finding that counts the SKUs beyond the cap. */
const COUNTED_EXAMPLES = 10;

type Fire = (facts: Facts) => Promise<LeafResult[] | undefined>;

export const checkDetector: Detector = {
  name: "custom checks",
  kinds: ["check"],
  async detect(context) {
    const findings: Finding[] = [];
    for (const check of context.policies.checks)
      appendAll(findings, await runCheck(check, context));
    return findings;
  },
};

const metricFacts = (metrics: SkuMetrics): Record<string, unknown> =>
  Object.fromEntries(
    Object.entries<MetricValue>(metrics)
      .filter(([, v]) => v.value !== null)
      .map(([k, v]) => [k, v.value]),
  );

async function runCheck(
  check: LoadedPolicy<CheckPolicy>,
  context: EvaluationContext,
): Promise<Finding[]> {
  const rules = compileRules([
    { name: check.value.metadata.name, conditions: check.value.conditions },
  ]);
  // The compiled rule first; the engine only for the (few) subjects it fires on, for the leaves.
  const holds = async (facts: Facts): Promise<boolean> => (await rules.holds(facts))[0] === true;
  const leavesOf: Fire = async (facts) => {
    const [outcome] = await rules.run(facts);
    return outcome?.holds ? outcome.leaves : undefined;
  };
  const fire: Fire = async (facts) => ((await holds(facts)) ? leavesOf(facts) : undefined);
  const { portfolio } = context;
  const make = (
    scope: FindingScope,
    subject: string,
    leaves: LeafResult[],
    n: number,
    extra?: Partial<Evidence>,
  ) => checkFinding(check, context, { scope, subject, leaves, n, extra });
  if (check.value.scope === "portfolio") {
    const leaves = await fire(metricFacts(portfolio.portfolio));
    return leaves ? [make("portfolio", "portfolio", leaves, portfolio.skus.length)] : [];
  }
  if (check.value.scope === "segment") {
    const findings: Finding[] = [];
    for (const s of portfolio.segments) {
      const leaves = await fire({ ...metricFacts(s.metrics), segment: s.name });
      if (leaves) findings.push(make("segment", s.name, leaves, s.skus.length));
    }
    return findings;
  }
  return skuChecks(check, context, holds, leavesOf);
}

/** A SKU's facts for a check: the segment that governs it in the place of its pin. */
const checkFacts = (sku: AssignedSku): Facts =>
  skuFactsView(sku, { segment: sku.assignment.segment });

/**
 * Each SKU the check holds for, by segment; the engine's leaves only for the SKUs a finding
 * shows (the most material of a segment and the first beyond them), not for every SKU it holds
 * for (at 50k SKUs, thousands of engine runs).
 */
async function skuChecks(
  check: LoadedPolicy<CheckPolicy>,
  context: EvaluationContext,
  holds: (facts: Facts) => Promise<boolean>,
  leavesOf: Fire,
): Promise<Finding[]> {
  const hits = new Map<string, AssignedSku[]>();
  for (const sku of context.portfolio.skus)
    if (await holds(checkFacts(sku))) pushTo(hits, sku.assignment.segment ?? "", sku);
  const findings: Finding[] = [];
  for (const [segment, members] of [...hits].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const sorted = await withLeaves(
      members.sort(byMateriality),
      SKU_FINDINGS_PER_SEGMENT + 1,
      leavesOf,
    );
    for (const { sku, leaves } of sorted.slice(0, SKU_FINDINGS_PER_SEGMENT))
      findings.push(
        checkFinding(check, context, {
          scope: "sku",
          subject: sku.sku,
          leaves,
          n: 1,
          extra: { segment },
        }),
      );
    const rest = sorted.length - SKU_FINDINGS_PER_SEGMENT;
    if (rest <= 0) continue;
    const subject = segment || "unassigned";
    const skus = sorted
      .slice(SKU_FINDINGS_PER_SEGMENT, SKU_FINDINGS_PER_SEGMENT + COUNTED_EXAMPLES)
      .map((h) => h.sku.sku);
    findings.push({
      ...checkFinding(check, context, {
        scope: "segment",
        subject,
        leaves: sorted[SKU_FINDINGS_PER_SEGMENT]?.leaves ?? [],
        n: rest,
        extra: { skus },
      }),
      severity: "info",
      // the roll-up counts SKUs: no one SKU's value stands for them
      actual: null,
      message: `${rest} more SKUs of ${subject} also fail ${check.value.metadata.name}: ${check.value.message}`,
    });
  }
  return findings;
}

/**
 * The first `shown` SKUs with their leaves (in order), then the rest with none. The compiled
 * rule and the engine agree (compiled-rules.test.ts); were they not to, a SKU to show whose
 * leaves the engine does not give is left out, as every such SKU was before.
 */
async function withLeaves(
  sorted: readonly AssignedSku[],
  shown: number,
  leavesOf: Fire,
): Promise<{ sku: AssignedSku; leaves: LeafResult[] }[]> {
  const out: { sku: AssignedSku; leaves: LeafResult[] }[] = [];
  for (const sku of sorted) {
    if (out.length >= shown) out.push({ sku, leaves: [] });
    else {
      const leaves = await leavesOf(checkFacts(sku));
      if (leaves) out.push({ sku, leaves });
    }
  }
  return out;
}

function checkFinding(
  check: LoadedPolicy<CheckPolicy>,
  { window }: EvaluationContext,
  hit: {
    scope: FindingScope;
    subject: string;
    leaves: LeafResult[];
    n: number;
    extra?: Partial<Evidence> | undefined;
  },
): Finding {
  const { leaves } = hit;
  // The finding is about the first metric the rule tested (segment or sku facts only select).
  const lead = leaves.find((l) => isMetricName(l.fact)) ?? leaves[0];
  const shown = leaves
    .map(
      (l) =>
        `${l.fact} ${typeof l.factValue === "number" ? formatValue(l.fact, l.factValue) : String(l.factValue)}`,
    )
    .join(", ");
  return finding({
    kind: "check",
    severity: check.value.severity,
    scope: hit.scope,
    subject: hit.subject,
    metric: lead?.fact ?? null,
    key: check.value.metadata.name,
    actual:
      typeof lead?.factValue === "number" || typeof lead?.factValue === "string"
        ? lead.factValue
        : null,
    evidence: {
      n: hit.n,
      interval: null,
      window,
      leaves: leaves.map((l) => ({
        fact: l.fact,
        operator: l.operator,
        value: l.value,
        actual: l.factValue,
      })),
      ...hit.extra,
    },
    message: `${hit.subject}: ${check.value.message} (${shown})`,
    owner: check.value.metadata.owner,
    line: lineOf(check, "/conditions"),
  });
}
