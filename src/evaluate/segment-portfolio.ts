/**
 * SKU evaluations + policies → SKUs in segments, with segment and portfolio metrics. Portfolio-
 * relative SKU metrics (abcClass, capitalShare) are set first, since `match` rules may use them;
 * then each SKU is assigned (facts: its skus.csv columns and attributes, then its metrics, which
 * win on a name clash), then segments and the portfolio are rolled up. Pure: it returns new
 * values and changes none it is given.
 */
import type { MetricValue } from "../metrics/observations.js";
import { rollUp } from "../metrics/roll-up.js";
import type { SkuEvaluation, SkuMetrics } from "../metrics/sku-metrics.js";
import type { LoadedPolicy, SegmentPolicy } from "../types.js";
import { compileSegmentAssigner } from "./assign-segment.js";
import type { SegmentAssignment } from "./assign-segment.js";
import type { Facts } from "./engine.js";

export interface AssignedSku extends SkuEvaluation {
  assignment: SegmentAssignment;
}

export interface SegmentResult {
  name: string;
  policy: LoadedPolicy<SegmentPolicy>;
  skus: AssignedSku[];
  metrics: SkuMetrics;
}

export interface SegmentedPortfolio {
  skus: AssignedSku[];
  segments: SegmentResult[];
  unassigned: AssignedSku[];
  portfolio: SkuMetrics;
}

/** A/B/C by cumulative revenue share: A up to 80%, B up to 95%, C the rest (ties broken by SKU). */
export function abcClasses(skus: readonly SkuEvaluation[]): Map<string, "A" | "B" | "C"> {
  const revenue = (s: SkuEvaluation): number =>
    typeof s.metrics.revenue?.value === "number" ? s.metrics.revenue.value : 0;
  const total = skus.reduce((t, s) => t + revenue(s), 0);
  const sorted = [...skus].sort((a, b) => revenue(b) - revenue(a) || (a.sku < b.sku ? -1 : 1));
  const classes = new Map<string, "A" | "B" | "C">();
  let cumulative = 0;
  for (const s of sorted) {
    // A SKU is A while the revenue before it is under 80%: the one that crosses the line is still A.
    const before = total > 0 ? cumulative / total : 1;
    classes.set(s.sku, before < 0.8 ? "A" : before < 0.95 ? "B" : "C");
    cumulative += revenue(s);
  }
  return classes;
}

/** The facts a SKU's rules see: columns and attributes, then metric values (metrics win). */
export function skuFacts(sku: SkuEvaluation): Facts {
  const facts: Record<string, unknown> = { ...sku.columns };
  for (const [name, metric] of Object.entries<MetricValue>(sku.metrics)) {
    if (metric.value !== null) facts[name] = metric.value;
  }
  return facts;
}

/** The SKU metrics that depend on the whole portfolio: its ABC class and its share of capital. */
function portfolioRelative(
  e: SkuEvaluation,
  classes: ReadonlyMap<string, "A" | "B" | "C">,
  portfolioCapital: number,
  skus: number,
): Pick<SkuMetrics, "abcClass" | "capitalShare"> {
  const revenue = e.metrics.revenue?.value;
  const capital = e.metrics.capital?.value;
  return {
    abcClass:
      typeof revenue === "number"
        ? { value: classes.get(e.sku) ?? "C", n: skus }
        : { value: null, n: 0, reason: "no revenue (no unit_price)" },
    capitalShare:
      typeof capital === "number" && portfolioCapital > 0
        ? { value: capital / portfolioCapital, n: skus }
        : { value: null, n: 0, reason: "no capital measured" },
  };
}

export interface SegmentOptions {
  /** SKUs whose rule leaves are kept (for `explain`); none by default. */
  keepLeaves?: (sku: string) => boolean;
}

/**
 * Segments the SKUs: each comes back as a new AssignedSku, its metrics completed with abcClass
 * and capitalShare; the evaluations given are left as they are.
 */
export async function segmentPortfolio(
  evaluations: readonly SkuEvaluation[],
  segments: readonly LoadedPolicy<SegmentPolicy>[],
  options: SegmentOptions = {},
): Promise<SegmentedPortfolio> {
  const classes = abcClasses(evaluations);
  const portfolioCapital = evaluations.reduce(
    (t, s) => t + (typeof s.metrics.capital?.value === "number" ? s.metrics.capital.value : 0),
    0,
  );
  const assigner = compileSegmentAssigner(segments.map((s) => s.value));
  const assigned: AssignedSku[] = [];
  for (const e of evaluations) {
    const metrics = {
      ...e.metrics,
      ...portfolioRelative(e, classes, portfolioCapital, evaluations.length),
    };
    const completed = { ...e, metrics };
    const assignment = await assigner.assign(skuFacts(completed));
    // Each rule leaf of every segment is kept only where an explanation will read it: for 50k SKUs
    // they would be most of the memory an evaluation takes.
    const kept = options.keepLeaves?.(e.sku) ? assignment : { ...assignment, leaves: {} };
    assigned.push({ ...completed, assignment: kept });
  }
  const bySegment = new Map(segments.map((p) => [p.value.metadata.name, p]));
  const maxCoverWeeks = (s: SkuEvaluation): number | undefined => {
    const name = (s as AssignedSku).assignment.segment;
    return name === undefined ? undefined : bySegment.get(name)?.value.targets.cover.maxWeeks;
  };
  const results: SegmentResult[] = segments.map((policy) => {
    const members = assigned.filter((s) => s.assignment.segment === policy.value.metadata.name);
    return {
      name: policy.value.metadata.name,
      policy,
      skus: members,
      metrics: rollUp(members, { maxCoverWeeks, portfolioCapital }),
    };
  });
  return {
    skus: assigned,
    segments: results,
    unassigned: assigned.filter((s) => s.assignment.segment === undefined),
    portfolio: rollUp(assigned, { maxCoverWeeks, portfolioCapital }),
  };
}
