/**
 * Custom checks (checks/*.yaml) run over the same facts as segment rules: each SKU (with its
 * assigned segment as `segment`), each segment's metrics, or the portfolio's. SKU findings are
 * kept for material SKUs only — the largest by capital, then revenue — at most a few per
 * segment, with one more finding that counts the rest.
 */
import { pushTo } from "../collections.js";
import { findingId } from "../findings/finding.js";
import type { Finding } from "../findings/finding.js";
import { formatValue } from "../findings/metric-phrases.js";
import { isMetricName } from "../vocabulary/metric-catalog.js";
import type { MetricValue } from "../metrics/observations.js";
import type { SkuMetrics } from "../metrics/sku-metrics.js";
import type { CheckPolicy, LoadedPolicy } from "../types.js";
import { compileRules } from "./engine.js";
import type { Facts, LeafResult } from "./engine.js";
import { skuFacts } from "./segment-portfolio.js";
import type { AssignedSku, SegmentedPortfolio } from "./segment-portfolio.js";
import { sourceOf } from "../policy/source-of.js";

/** SKU findings of one check listed a segment; the rest are counted. */
export const SKU_FINDINGS_PER_SEGMENT = 5;

type Window = { from: string; to: string };

const metricFacts = (metrics: SkuMetrics): Record<string, unknown> =>
  Object.fromEntries(
    Object.entries<MetricValue>(metrics)
      .filter(([, v]) => v.value !== null)
      .map(([k, v]) => [k, v.value]),
  );

const num = (v: MetricValue | undefined): number => (typeof v?.value === "number" ? v.value : 0);

/** Capital first, then revenue: what matters most to the business's cash. */
export function byMateriality(a: AssignedSku, b: AssignedSku): number {
  return (
    num(b.metrics.capital) - num(a.metrics.capital) ||
    num(b.metrics.revenue) - num(a.metrics.revenue) ||
    (a.sku < b.sku ? -1 : 1)
  );
}

export async function checkFindings(
  checks: readonly LoadedPolicy<CheckPolicy>[],
  result: SegmentedPortfolio,
  window: Window,
): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const check of checks) {
    const rules = compileRules([
      { name: check.value.metadata.name, conditions: check.value.conditions },
    ]);
    const fire = async (facts: Facts): Promise<LeafResult[] | undefined> => {
      const [outcome] = await rules.run(facts);
      return outcome?.holds ? outcome.leaves : undefined;
    };
    const make = (
      scope: Finding["scope"],
      subject: string,
      leaves: LeafResult[],
      n: number,
      extra: Record<string, unknown> = {},
    ): Finding => {
      // The finding is about the first metric the rule tested (segment or sku facts only select).
      const lead = leaves.find((l) => isMetricName(l.fact)) ?? leaves[0];
      return {
        id: findingId("check", scope, subject, check.value.metadata.name),
        kind: "check",
        severity: check.value.severity,
        scope,
        subject,
        policy: null,
        policyVersion: null,
        metric: lead?.fact ?? null,
        expected: null,
        actual:
          typeof lead?.factValue === "number" || typeof lead?.factValue === "string"
            ? lead.factValue
            : null,
        evidence: {
          n,
          interval: null,
          window,
          leaves: leaves.map((l) => ({
            fact: l.fact,
            operator: l.operator,
            value: l.value,
            actual: l.factValue,
          })),
          ...extra,
        },
        message: `${subject}: ${check.value.message} (${leaves.map((l) => `${l.fact} ${typeof l.factValue === "number" ? formatValue(l.fact, l.factValue) : String(l.factValue)}`).join(", ")})`,
        owner: check.value.metadata.owner,
        source: sourceOf(check, "/conditions"),
        status: "new",
      };
    };
    if (check.value.scope === "portfolio") {
      const leaves = await fire(metricFacts(result.portfolio));
      if (leaves) findings.push(make("portfolio", "portfolio", leaves, result.skus.length));
    } else if (check.value.scope === "segment") {
      for (const s of result.segments) {
        const leaves = await fire({ ...metricFacts(s.metrics), segment: s.name });
        if (leaves) findings.push(make("segment", s.name, leaves, s.skus.length));
      }
    } else {
      const hits = new Map<string, { sku: AssignedSku; leaves: LeafResult[] }[]>();
      for (const sku of result.skus) {
        const leaves = await fire({ ...skuFacts(sku), segment: sku.assignment.segment });
        if (!leaves) continue;
        const key = sku.assignment.segment ?? "";
        pushTo(hits, key, { sku, leaves });
      }
      for (const [segment, list] of [...hits].sort(([a], [b]) => (a < b ? -1 : 1))) {
        const sorted = list.sort((a, b) => byMateriality(a.sku, b.sku));
        for (const { sku, leaves } of sorted.slice(0, SKU_FINDINGS_PER_SEGMENT))
          findings.push(make("sku", sku.sku, leaves, 1, { segment }));
        const rest = sorted.length - SKU_FINDINGS_PER_SEGMENT;
        if (rest > 0) {
          const subject = segment || "unassigned";
          findings.push({
            ...make("segment", subject, sorted[SKU_FINDINGS_PER_SEGMENT]?.leaves ?? [], rest, {
              skus: sorted
                .slice(SKU_FINDINGS_PER_SEGMENT, SKU_FINDINGS_PER_SEGMENT + 10)
                .map((h) => h.sku.sku),
            }),
            severity: "info",
            message: `${rest} more SKUs of ${subject} also fail ${check.value.metadata.name}: ${check.value.message}`,
          });
        }
      }
    }
  }
  return findings;
}
