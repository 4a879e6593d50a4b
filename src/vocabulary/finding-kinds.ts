/**
 * The names of the finding kinds and scopes: the vocabulary policies may name (an exception
 * covers a kind, a scope, a finding id). What each kind means and asks of its owner is in
 * `findings/kinds.ts`, which must list exactly these.
 *
 * @example FINDING_KIND_NAMES.includes("tolerance-breach") // true
 */
import { METRIC_NAMES } from "./metric-catalog.js";

export const FINDING_KIND_NAMES = [
  "assumption-drift",
  "tolerance-breach",
  "policy-tolerance-conflict",
  "routine-override",
  "reactive-cut",
  "segment-mismatch",
  "segment-migration",
  "unassigned-sku",
  "ambiguous-segment",
  "stale-review",
  "asymmetry",
  "firefighting",
  "inconsistency",
  "check",
  "insufficient-data",
  "model-mismatch",
  "projected-stockout",
  "supplier-concentration",
  "expired-exception",
  "orphan-exception",
  "unused-exception",
  "routine-exception",
] as const;

export type FindingKindName = (typeof FINDING_KIND_NAMES)[number];

/** Kinds about exceptions themselves: no exception can waive them. */
export const EXCEPTION_KINDS: readonly FindingKindName[] = [
  "expired-exception",
  "orphan-exception",
  "unused-exception",
  "routine-exception",
];

export const FINDING_SCOPES = [
  "sku",
  "segment",
  "portfolio",
  "planner",
  "supplier",
  "exception",
] as const;
export type FindingScope = (typeof FINDING_SCOPES)[number];

/**
 * A finding id's parts (`kind:scope/subject[:key]`), or undefined when it is not one. The key is
 * a metric, or a metric and what is tested of it (`expediteRate:trend`). Subjects may hold ':'
 * (SKU ids do); the metric is what follows the last ':' after the '/' when it is a plain
 * identifier, or the part before a last lower-case word when that part names a metric.
 *
 * @example parseFindingId("tolerance-breach:sku/KB-H03:fillRate")
 * // { kind: "tolerance-breach", scope: "sku", subject: "KB-H03", metric: "fillRate" }
 * @example parseFindingId("firefighting:segment/hero:expediteRate:trend").metric // "expediteRate"
 */
export function parseFindingId(
  id: string,
): { kind: FindingKindName; scope: FindingScope; subject: string; metric?: string } | undefined {
  const m = /^([a-z-]+):([a-z]+)\/(.+)$/.exec(id);
  if (!m) return undefined;
  const [, kind, scope, rest] = m as unknown as [string, string, string, string];
  if (!(FINDING_KIND_NAMES as readonly string[]).includes(kind)) return undefined;
  if (!(FINDING_SCOPES as readonly string[]).includes(scope)) return undefined;
  const keyed = /^(.+):([A-Za-z][A-Za-z0-9_]*):([a-z][a-z0-9-]*)$/.exec(rest);
  if (keyed && (METRIC_NAMES as readonly string[]).includes(keyed[2] as string))
    return {
      kind: kind as FindingKindName,
      scope: scope as FindingScope,
      subject: keyed[1] as string,
      metric: keyed[2] as string,
    };
  const metric = /^(.+):([A-Za-z][A-Za-z0-9_-]*)$/.exec(rest);
  return {
    kind: kind as FindingKindName,
    scope: scope as FindingScope,
    ...(metric ? { subject: metric[1] as string, metric: metric[2] as string } : { subject: rest }),
  };
}
