/**
 * inconsistency: comparable SKUs (same demand pattern, same planned lead-time band) carried at
 * very different cover — means at least 2× apart, their 95% intervals apart — across segments
 * whose policies do not say why (see targetsDiffer), or across planners within one segment.
 */
import { pushTo } from "../../collections.js";
import { finding, lineOf } from "../../findings/finding.js";
import type { Finding } from "../../findings/finding.js";
import { formatValue } from "../../findings/metric-phrases.js";
import { meanInterval } from "../../stats/stats.js";
import type { Detector, EvaluationContext } from "../detector.js";
import type { AssignedSku, SegmentResult } from "../segment-portfolio.js";

/** Planned lead-time bands that make SKUs comparable, in days (upper bounds). */
export const LEAD_TIME_BANDS = [14, 30, 60, Infinity] as const;
/** SKUs a side needs before its cover or service is compared. */
export const MIN_COMPARABLE = 5;

type By = "segment" | "planner";

/** One side of a comparison: a segment's or planner's comparable SKUs and their mean cover. */
interface Side {
  name: string;
  skus: AssignedSku[];
  c: { value: number; interval: [number, number] };
}

export const inconsistencyDetector: Detector = {
  name: "comparable SKUs held at very different cover",
  kinds: ["inconsistency"],
  detect(context) {
    const findings: Finding[] = [];
    const policyOf = new Map(context.portfolio.segments.map((s) => [s.name, s]));
    for (const [group, skus] of comparableGroups(context)) {
      const bySegment = new Map<string, AssignedSku[]>();
      for (const k of skus) if (k.assignment.segment) pushTo(bySegment, k.assignment.segment, k);
      findings.push(...compare(group, [...bySegment], "segment", policyOf, context));
      for (const [segment, members] of bySegment) {
        const byPlanner = new Map<string, AssignedSku[]>();
        for (const k of members) {
          const planner = mainPlanner(k);
          if (planner) pushTo(byPlanner, planner, k);
        }
        findings.push(
          ...compare(`${group}, in ${segment}`, [...byPlanner], "planner", policyOf, context),
        );
      }
    }
    return findings;
  },
};

const band = (days: number): string => {
  const i = LEAD_TIME_BANDS.findIndex((b) => days <= b);
  const lo = i === 0 ? 0 : (LEAD_TIME_BANDS[i - 1] as number) + 1;
  const hi = LEAD_TIME_BANDS[i] as number;
  return hi === Infinity ? `over ${lo - 1} days` : `${lo}–${hi} days`;
};

/** SKUs with a demand pattern, a planned lead time and a cover, by pattern and lead-time band. */
function comparableGroups({ portfolio }: EvaluationContext): [string, AssignedSku[]][] {
  const groups = new Map<string, AssignedSku[]>();
  for (const sku of portfolio.skus) {
    const pattern = sku.metrics.demandPattern?.value;
    const lead = sku.metrics.plannedLeadTimeDays?.value;
    if (
      typeof pattern !== "string" ||
      typeof lead !== "number" ||
      typeof sku.metrics.coverWeeks?.value !== "number"
    )
      continue;
    pushTo(groups, `${pattern}, planned lead time ${band(lead)}`, sku);
  }
  return [...groups].sort(([a], [b]) => (a < b ? -1 : 1));
}

/**
 * Do two segments' policies say why their SKUs may be held differently? Yes when one is not
 * replenished, their cover caps differ by half or more, or their fill-rate targets by 3 points.
 */
function targetsDiffer(a: SegmentResult | undefined, b: SegmentResult | undefined): boolean {
  if (!a || !b) return true;
  const [ta, tb] = [a.policy.value.targets, b.policy.value.targets];
  if ((ta.replenish ?? true) !== (tb.replenish ?? true)) return true;
  const lo = Math.min(ta.cover.maxWeeks, tb.cover.maxWeeks);
  const hi = Math.max(ta.cover.maxWeeks, tb.cover.maxWeeks);
  return hi >= 1.5 * lo || Math.abs(ta.fillRate - tb.fillRate) >= 0.03;
}

/** The planner who made most of a SKU's decisions, if any. */
const mainPlanner = (sku: AssignedSku): string | undefined =>
  Object.entries(sku.samples.byPlanner)
    .filter(([name]) => name !== "")
    .sort((a, b) => b[1].n - a[1].n || (a[0] < b[0] ? -1 : 1))[0]?.[0];

function measuredSides(sides: [string, AssignedSku[]][]): Side[] {
  const out: Side[] = [];
  for (const [name, skus] of sides) {
    if (skus.length < MIN_COMPARABLE) continue;
    const c = meanInterval(skus.map((k) => k.metrics.coverWeeks?.value ?? 0));
    if (c?.interval !== undefined)
      out.push({ name, skus, c: { value: c.value, interval: c.interval } });
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : 1));
}

function compare(
  group: string,
  sides: [string, AssignedSku[]][],
  by: By,
  policyOf: ReadonlyMap<string, SegmentResult>,
  context: EvaluationContext,
): Finding[] {
  const measured = measuredSides(sides);
  const findings: Finding[] = [];
  for (let i = 0; i < measured.length; i++) {
    for (let j = i + 1; j < measured.length; j++) {
      const [a, b] = [measured[i], measured[j]] as [Side, Side];
      const [low, high] = a.c.value <= b.c.value ? [a, b] : [b, a];
      if (
        low.c.value <= 0 ||
        high.c.value < 2 * low.c.value ||
        high.c.interval[0] <= low.c.interval[1]
      )
        continue;
      // the policies say why
      if (by === "segment" && targetsDiffer(policyOf.get(a.name), policyOf.get(b.name))) continue;
      const segment = policyOf.get(
        by === "segment" ? high.name : (high.skus[0]?.assignment.segment ?? ""),
      );
      findings.push(
        inconsistencyFinding(
          { group, by, subject: `${a.name}~${b.name}`, low, high, segment },
          context,
        ),
      );
    }
  }
  return findings;
}

function inconsistencyFinding(
  pair: {
    group: string;
    by: By;
    subject: string;
    low: Side;
    high: Side;
    segment: SegmentResult | undefined;
  },
  { window }: EvaluationContext,
): Finding {
  const { group, by, low, high, segment } = pair;
  const side = (s: Side) => ({
    name: s.name,
    skus: s.skus.length,
    cover: s.c.value,
    interval: s.c.interval,
  });
  const weeks = (x: number) => formatValue("coverWeeks", x);
  return finding({
    kind: "inconsistency",
    severity: "warning",
    scope: by,
    subject: pair.subject,
    policy: segment?.policy ?? null,
    metric: "coverWeeks",
    actual: high.c.value / low.c.value,
    evidence: {
      n: low.skus.length + high.skus.length,
      interval: null,
      window,
      group,
      groups: [side(low), side(high)],
    },
    message:
      `Comparable SKUs (${group}) are held at ${weeks(high.c.value)} of cover by ${by} ${high.name} but ` +
      `${weeks(low.c.value)} by ${low.name} (${high.skus.length} and ${low.skus.length} SKUs, intervals apart), ` +
      `and no policy says why.`,
    owner: segment?.policy.value.metadata.owner ?? "",
    line: segment ? lineOf(segment.policy, "/targets/cover") : undefined,
  });
}
