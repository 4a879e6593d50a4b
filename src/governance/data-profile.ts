/**
 * What the outcomes can say, before any policy is written: each file's rows, SKUs and dates and
 * how often its optional columns are filled; each metric, how many SKUs it can be measured for
 * and, for the rest, why not; and every SKU's metrics with the evidence they rest on. Pure: the
 * run reads the store, this arranges what it read.
 */
import type { SkuEvaluation } from "../metrics/sku-metrics.js";
import type { MetricValue } from "../metrics/observations.js";
import { OUTCOME_FILES } from "../outcomes/contract.js";
import type { TableCoverage } from "../store/read-coverage.js";
import { VERSION } from "../version.js";
import { METRIC_NAMES } from "../vocabulary/metric-catalog.js";
import type { MetricName } from "../vocabulary/metric-catalog.js";

export interface FileProfile {
  file: string;
  rows: number;
  skus: number;
  from?: string;
  to?: string;
  /** For each optional column: rows that give it, and their share of the file's rows. */
  columns: { name: string; filled: number; share: number }[];
}

export interface MetricSupport {
  metric: MetricName;
  /** SKUs with a value. */
  measurable: number;
  skus: number;
  /** Why the others have none: each reason with the SKUs it holds for, most first. */
  reasons: { reason: string; skus: number }[];
}

export interface SkuProfile {
  sku: string;
  metrics: Partial<Record<MetricName, MetricValue>>;
}

export interface DataProfile {
  schemaVersion: 1;
  tool: { name: "stockpolicy"; version: string };
  asOf: string;
  window: { from: string; to: string };
  /** The window asked for, when the data did not reach back that far. */
  windowAsked?: { from: string; to: string };
  files: FileProfile[];
  metrics: MetricSupport[];
  skus: SkuProfile[];
}

function fileProfile(c: TableCoverage): FileProfile {
  const file = OUTCOME_FILES.find((f) => f.table === c.table)?.file ?? `${c.table}.csv`;
  return {
    file,
    rows: c.rows,
    skus: c.skus,
    ...(c.from ? { from: c.from } : {}),
    ...(c.to ? { to: c.to } : {}),
    columns: Object.entries(c.filled).map(([name, filled]) => ({
      name,
      filled,
      share: c.rows > 0 ? filled / c.rows : 0,
    })),
  };
}

function support(metric: MetricName, skus: readonly SkuEvaluation[]): MetricSupport {
  const reasons = new Map<string, number>();
  let measurable = 0;
  for (const s of skus) {
    const v = s.metrics[metric];
    if (v && v.value !== null) measurable++;
    else {
      const why = v?.reason ?? "not computed";
      reasons.set(why, (reasons.get(why) ?? 0) + 1);
    }
  }
  return {
    metric,
    measurable,
    skus: skus.length,
    reasons: [...reasons]
      .map(([reason, n]) => ({ reason, skus: n }))
      .sort((a, b) => b.skus - a.skus || (a.reason < b.reason ? -1 : 1)),
  };
}

/** Metrics that need a policy to be computed: left out of a profile, which has none. */
const NEEDS_POLICY: ReadonlySet<MetricName> = new Set(["excessCapital", "excessShare"]);

export function profileData(input: {
  asOf: string;
  window: { from: string; to: string; askedFrom?: string };
  coverage: readonly TableCoverage[];
  skus: readonly SkuEvaluation[];
}): DataProfile {
  const { asOf, window, coverage, skus } = input;
  const metrics = METRIC_NAMES.filter((m) => !NEEDS_POLICY.has(m));
  return {
    schemaVersion: 1,
    tool: { name: "stockpolicy", version: VERSION },
    asOf,
    window: { from: window.from, to: window.to },
    ...(window.askedFrom ? { windowAsked: { from: window.askedFrom, to: window.to } } : {}),
    files: coverage.map(fileProfile),
    metrics: metrics.map((m) => support(m, skus)),
    skus: skus.map((s) => ({
      sku: s.sku,
      metrics: Object.fromEntries(
        metrics.flatMap((m) => (s.metrics[m] ? [[m, s.metrics[m]]] : [])),
      ),
    })),
  };
}
