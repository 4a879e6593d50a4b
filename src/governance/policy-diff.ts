/**
 * What a policy change does, over the same outcomes: the policy fields that changed, the SKUs
 * that move segment, each segment before and after, and the findings that appear or go. Both
 * evaluations are done by the caller (same window, same SKU metrics); this compares them. Pure.
 */
import type { EvaluationResult } from "../evaluate/evaluate.js";
import { round, summarize } from "../evaluate/evaluate.js";
import type { Finding } from "../findings/finding.js";
import type { LoadedPolicy, PolicyMetadata, PolicySet, SourcePosition } from "../types.js";

export interface FieldChange {
  kind: string;
  policy: string;
  /** JSON pointer of the field; "" when the whole policy was added or removed. */
  field: string;
  before: unknown;
  after: unknown;
  /** Where the new value is (the old one, for a removal). */
  source: SourcePosition | null;
}

export interface SegmentSide {
  skus: number;
  capital: number | null;
  fillRate: number | null;
}

export interface PolicyDiff {
  schemaVersion: 1;
  base: string;
  asOf: string;
  window: { from: string; to: string };
  fields: FieldChange[];
  /** SKUs that change segment, grouped by move, largest first. */
  moves: { from: string | null; to: string | null; skus: string[] }[];
  segments: { name: string; before: SegmentSide | null; after: SegmentSide | null }[];
  findings: { appear: Finding[]; go: Finding[] };
  summary: {
    base: ReturnType<typeof summarize>["findings"];
    head: ReturnType<typeof summarize>["findings"];
  };
}

type AnyPolicy = LoadedPolicy<{ kind: string; metadata: PolicyMetadata }>;

const all = (set: PolicySet): AnyPolicy[] =>
  [set.tolerance, ...set.segments, ...set.checks] as AnyPolicy[];

/** Leaf values by JSON pointer: scalars, and empty objects or arrays as themselves. */
export function flatten(
  value: unknown,
  pointer = "",
  out = new Map<string, unknown>(),
): Map<string, unknown> {
  const escape = (k: string) => k.replace(/~/g, "~0").replace(/\//g, "~1");
  if (Array.isArray(value) && value.length > 0)
    value.forEach((v, i) => flatten(v, `${pointer}/${i}`, out));
  else if (
    value !== null &&
    typeof value === "object" &&
    !Array.isArray(value) &&
    Object.keys(value).length > 0
  )
    for (const [k, v] of Object.entries(value)) flatten(v, `${pointer}/${escape(k)}`, out);
  else out.set(pointer, value);
  return out;
}

export function fieldChanges(base: PolicySet, head: PolicySet): FieldChange[] {
  const key = (p: AnyPolicy) => `${p.value.kind}/${p.value.metadata.name}`;
  const before = new Map(all(base).map((p) => [key(p), p]));
  const after = new Map(all(head).map((p) => [key(p), p]));
  const changes: FieldChange[] = [];
  const at = (p: AnyPolicy, pointer: string): SourcePosition =>
    p.positions[pointer] ?? { file: p.file, line: 1, column: 1 };
  for (const [k, h] of after) {
    const b = before.get(k);
    const meta = { kind: h.value.kind, policy: h.value.metadata.name };
    if (!b) {
      changes.push({ ...meta, field: "", before: null, after: h.value, source: at(h, "") });
      continue;
    }
    const fb = flatten(b.value);
    const fh = flatten(h.value);
    for (const [pointer, v] of fh)
      if (!fb.has(pointer) || JSON.stringify(fb.get(pointer)) !== JSON.stringify(v))
        changes.push({
          ...meta,
          field: pointer,
          before: fb.get(pointer) ?? null,
          after: v,
          source: at(h, pointer),
        });
    for (const [pointer, v] of fb)
      if (!fh.has(pointer))
        changes.push({ ...meta, field: pointer, before: v, after: null, source: at(b, pointer) });
  }
  for (const [k, b] of before)
    if (!after.has(k))
      changes.push({
        kind: b.value.kind,
        policy: b.value.metadata.name,
        field: "",
        before: b.value,
        after: null,
        source: at(b, ""),
      });
  return changes;
}

function side(result: EvaluationResult, name: string): SegmentSide | null {
  const s = result.portfolio.segments.find((x) => x.name === name);
  if (!s) return null;
  const num = (v: unknown) => (typeof v === "number" ? round(v) : null);
  return {
    skus: s.skus.length,
    capital: num(s.metrics.capital?.value),
    fillRate: num(s.metrics.fillRate?.value),
  };
}

export function policyDiff(
  baseRef: string,
  base: { policies: PolicySet; result: EvaluationResult },
  head: { policies: PolicySet; result: EvaluationResult },
): PolicyDiff {
  const segmentOf = (r: EvaluationResult) =>
    new Map(r.portfolio.skus.map((s) => [s.sku, s.assignment.segment ?? null]));
  const b = segmentOf(base.result);
  const h = segmentOf(head.result);
  const groups = new Map<string, { from: string | null; to: string | null; skus: string[] }>();
  for (const [sku, to] of h) {
    const from = b.get(sku) ?? null;
    if (from === to) continue;
    const k = `${from ?? ""}→${to ?? ""}`;
    const g = groups.get(k) ?? { from, to, skus: [] };
    g.skus.push(sku);
    groups.set(k, g);
  }
  const moves = [...groups.values()]
    .map((g) => ({ ...g, skus: g.skus.sort() }))
    .sort(
      (x, y) =>
        y.skus.length - x.skus.length ||
        ((x.from ?? "") + (x.to ?? "") < (y.from ?? "") + (y.to ?? "") ? -1 : 1),
    );
  const names = [
    ...new Set([
      ...base.result.portfolio.segments.map((s) => s.name),
      ...head.result.portfolio.segments.map((s) => s.name),
    ]),
  ].sort();
  const open = (r: EvaluationResult) => r.document.findings.filter((f) => f.status !== "resolved");
  const baseIds = new Set(open(base.result).map((f) => f.id));
  const headIds = new Set(open(head.result).map((f) => f.id));
  return {
    schemaVersion: 1,
    base: baseRef,
    asOf: head.result.document.asOf,
    window: head.result.document.window,
    fields: fieldChanges(base.policies, head.policies),
    moves,
    segments: names.map((name) => ({
      name,
      before: side(base.result, name),
      after: side(head.result, name),
    })),
    findings: {
      appear: open(head.result).filter((f) => !baseIds.has(f.id)),
      go: open(base.result).filter((f) => !headIds.has(f.id)),
    },
    summary: {
      base: summarize(open(base.result)).findings,
      head: summarize(open(head.result)).findings,
    },
  };
}
