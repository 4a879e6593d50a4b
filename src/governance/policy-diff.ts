/**
 * What a policy change does, over the same outcomes: the policy fields that changed, the SKUs
 * that move segment, each segment before and after, and the findings that appear or go. Both
 * evaluations are done by the caller (same window, same SKU metrics); this compares them. Pure.
 */
import type { EvaluationResult } from "../evaluate/evaluate.js";
import { round, summarize } from "../evaluate/evaluate.js";
import { impliedSegment } from "../evaluate/conflict-findings.js";
import type { Finding } from "../findings/finding.js";
import { simulate } from "./simulation.js";
import type { Simulation } from "./simulation.js";
import type { LoadedPolicy, PolicyMetadata, PolicySet, SourcePosition } from "../types.js";
import { sourceOf } from "../policy/source-of.js";

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
  /** Actual mean capital and fill rate of the SKUs the version puts in the segment. */
  capital: number | null;
  fillRate: number | null;
  /** What the version's targets imply for those SKUs under the (R, S) model. */
  impliedCapital: number;
  impliedFillRate: number | null;
  /** The version's policy replayed over the window's actual demand and lead times. */
  replay: { meanCapital: number; fillRate: number | null; stockoutDays: number };
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
  /** Capital and demand-weighted fill rate all segments' targets imply, before and after. */
  implied: {
    before: { capital: number; fillRate: number | null };
    after: { capital: number; fillRate: number | null };
  };
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
  for (const [k, h] of after) {
    const b = before.get(k);
    const meta = { kind: h.value.kind, policy: h.value.metadata.name };
    if (!b) {
      changes.push({ ...meta, field: "", before: null, after: h.value, source: sourceOf(h, "") });
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
          source: sourceOf(h, pointer),
        });
    for (const [pointer, v] of fb)
      if (!fh.has(pointer))
        changes.push({
          ...meta,
          field: pointer,
          before: v,
          after: null,
          source: sourceOf(b, pointer),
        });
  }
  for (const [k, b] of before)
    if (!after.has(k))
      changes.push({
        kind: b.value.kind,
        policy: b.value.metadata.name,
        field: "",
        before: b.value,
        after: null,
        source: sourceOf(b, ""),
      });
  return changes;
}

function side(result: EvaluationResult, replayed: Simulation, name: string): SegmentSide | null {
  const s = result.portfolio.segments.find((x) => x.name === name);
  const r = replayed.segments.find((x) => x.name === name);
  if (!s || !r) return null;
  const num = (v: unknown) => (typeof v === "number" ? round(v) : null);
  const implied = impliedSegment(s);
  return {
    skus: s.skus.length,
    capital: num(s.metrics.capital?.value),
    fillRate: num(s.metrics.fillRate?.value),
    impliedCapital: round(implied.capital),
    impliedFillRate: implied.fillRate === null ? null : round(implied.fillRate),
    replay: { meanCapital: r.meanCapital, fillRate: r.fillRate, stockoutDays: r.stockoutDays },
  };
}

/**
 * Capital every segment's targets imply (SKUs no segment takes at their actual capital), and
 * the fill rate they imply, weighted by demand.
 */
function impliedTotal(result: EvaluationResult): { capital: number; fillRate: number | null } {
  let capital = 0;
  let served = 0;
  let demand = 0;
  for (const s of result.portfolio.segments) {
    const i = impliedSegment(s);
    capital += i.capital;
    const d = s.skus.reduce((t, k) => t + k.samples.demandMean, 0);
    if (i.fillRate !== null) {
      served += i.fillRate * d;
      demand += d;
    }
  }
  for (const k of result.portfolio.unassigned)
    capital += typeof k.metrics.capital?.value === "number" ? k.metrics.capital.value : 0;
  return { capital: round(capital), fillRate: demand > 0 ? round(served / demand) : null };
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
  const replay = (r: EvaluationResult) =>
    simulate(r.portfolio, {
      from: r.document.window.from,
      to: r.document.asOf,
      currency: "",
      policies: [],
    });
  const baseReplay = replay(base.result);
  const headReplay = replay(head.result);
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
      before: side(base.result, baseReplay, name),
      after: side(head.result, headReplay, name),
    })),
    implied: { before: impliedTotal(base.result), after: impliedTotal(head.result) },
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
