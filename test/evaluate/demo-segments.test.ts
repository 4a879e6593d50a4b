/**
 * The metrics pipeline on the demo company: SKUs land in the segments their lines were built
 * for, the injected episodes show in the segment metrics beyond their policy bounds at 95%, and
 * without the episodes no bound of any policy is excluded by the evidence.
 */
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { leadTimeTest } from "../../src/evaluate/lead-time-test.js";
import { segmentPortfolio } from "../../src/evaluate/segment-portfolio.js";
import type { SegmentedPortfolio } from "../../src/evaluate/segment-portfolio.js";
import { cohortSize } from "../../src/metrics/lead-times.js";
import type { OrderCohort } from "../../src/metrics/lead-times.js";
import type { MetricValue, SkuObservations } from "../../src/metrics/observations.js";
import { computeSku } from "../../src/metrics/sku-metrics.js";
import type { SkuEvaluation } from "../../src/metrics/sku-metrics.js";
import { loadPolicies } from "../../src/policy/load-policies.js";
import { openStore } from "../../src/store/open-store.js";
import { collectObservations } from "../../src/store/scan-observations.js";
import type { Bounds, LoadedPolicy, SegmentPolicy } from "../../src/types.js";
import { ROOT, tempDir } from "../helpers/cli.js";
import { demoCopy } from "../helpers/demo-cache.js";

/** Each bound on its own, one-sided at the far end of its 95% interval (no family adjustment). */
const BOUND_LEVEL = 0.025;

const WINDOW = { from: "2026-08-03", to: "2026-10-31" }; // 90 days to the demo's last day

async function evaluateDemo(flags: string[]): Promise<SegmentedPortfolio> {
  const dir = path.join(tempDir(), "kitebird");
  demoCopy(dir, flags.includes("--no-episodes") ? "calm" : "episodes");
  const { policies } = await loadPolicies("policies", { cwd: ROOT, today: "2026-11-26" });
  const store = await openStore(path.join(dir, "outcomes.db"));
  try {
    const evaluations: SkuEvaluation[] = [];
    for (const [o] of await collectObservations(store, [WINDOW]))
      evaluations.push(
        computeSku(o as SkuObservations, WINDOW, {
          overrideThreshold: policies?.tolerance.value.overrides.threshold ?? 0.1,
        }),
      );
    return await segmentPortfolio(evaluations, policies?.segments ?? []);
  } finally {
    await store.close();
  }
}

/**
 * A bound the evidence excludes: the whole interval (or the exact value, for sums) lies beyond it;
 * a maximum lead time by the survival test of the segment's orders.
 */
function excluded(
  metric: MetricValue | undefined,
  bound: Bounds,
  orders: () => OrderCohort,
): boolean {
  if (bound.max !== undefined && metric === undefined) return false;
  if (cohortSize(orders()) > 0 && bound.max !== undefined)
    return (leadTimeTest(orders(), bound.max)?.p ?? 1) < BOUND_LEVEL;
  if (!metric || typeof metric.value !== "number") return false;
  const [lo, hi] = metric.interval ?? [metric.value, metric.value];
  return (bound.max !== undefined && lo > bound.max) || (bound.min !== undefined && hi < bound.min);
}

function breaches(result: SegmentedPortfolio): string[] {
  const out: string[] = [];
  for (const s of result.segments) {
    const policy: LoadedPolicy<SegmentPolicy> = s.policy;
    for (const group of ["assumptions", "tolerance"] as const) {
      for (const [metric, bound] of Object.entries(policy.value[group] ?? {}) as [
        keyof typeof s.metrics,
        Bounds,
      ][]) {
        const orders = (): OrderCohort =>
          metric === "leadTimeDays" ? s.skus.map((k) => k.samples.orderLeads) : [];
        if (excluded(s.metrics[metric], bound, orders)) out.push(`${s.name} ${group}.${metric}`);
      }
    }
  }
  return out.sort();
}

let withEpisodes: SegmentedPortfolio;
let calm: SegmentedPortfolio;

beforeAll(async () => {
  [withEpisodes, calm] = await Promise.all([evaluateDemo([]), evaluateDemo(["--no-episodes"])]);
});

describe("the demo company through the metrics pipeline", () => {
  it("puts every SKU in the segment its line was built for", () => {
    const expected: Record<string, string> = {
      core: "steady-core",
      hero: "seasonal-hero",
      trend: "trend",
      tail: "long-tail",
      clearance: "clearance",
    };
    for (const s of withEpisodes.skus)
      expect(`${s.sku} ${s.assignment.segment}`).toBe(
        `${s.sku} ${expected[String(s.columns.line)]}`,
      );
    expect(withEpisodes.unassigned).toEqual([]);
  });

  it("shows the port congestion as lead-time drift of the seasonal heroes", () => {
    const hero = withEpisodes.segments.find((s) => s.name === "seasonal-hero");
    const test = leadTimeTest(hero?.skus.map((k) => k.samples.orderLeads) ?? [], 75);
    // every hero order placed 75 days or more before the as-of date is still open
    expect(test?.beyond).toBe(test?.followed);
    expect(test?.p).toBeLessThan(BOUND_LEVEL);
    expect(breaches(withEpisodes)).toContain("seasonal-hero assumptions.leadTimeDays");
  });

  it("shows the habitual overrider in the trend segment's override rate", () => {
    expect(breaches(withEpisodes)).toContain("trend tolerance.overrideRate");
  });

  it("leaves the stable segments alone even with the episodes", () => {
    expect(
      breaches(withEpisodes).filter(
        (b) => b.startsWith("steady-core") || b.startsWith("long-tail"),
      ),
    ).toEqual([]);
  });

  it("excludes no bound of any policy without the episodes", () => {
    expect(breaches(calm)).toEqual([]);
  });
});
