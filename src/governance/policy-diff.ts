/**
 * What a policy change does, over the same outcomes: the policy fields that changed, the SKUs
 * that move segment, each segment before and after, and the findings that appear or go. Both
 * evaluations are done by the caller (same window, same SKU metrics); this compares them. Pure.
 */
import type { EvaluationResult } from "../evaluate/evaluate.js";
import { round, summarize } from "../evaluate/evaluate.js";
import { impliedPortfolio } from "../evaluate/implied-capital.js";
import type { ImpliedPortfolio } from "../evaluate/implied-capital.js";
import type { Finding } from "../findings/finding.js";
import { replayedPortfolio } from "./replay-table.js";
import { simulate } from "./simulation.js";
import type { Simulation } from "./simulation.js";
import type { TargetDirection } from "./allocate.js";
import type { PolicySet, SourcePosition } from "../types.js";
import { allPolicies } from "../policy/policy-summary.js";
import type { AnyPolicy } from "../policy/policy-summary.js";
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

export interface ExceptionChange {
  name: string;
  change: "added" | "extended" | "shortened" | "changed" | "removed";
  owner: string;
  approvedBy: string;
  /** The expiry before and after (null: no such exception on that side). */
  expires: { before: string | null; after: string | null };
  source: SourcePosition;
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
  /** Findings that appear or go, and those the head's exceptions newly waive or stop waiving. */
  findings: { appear: Finding[]; go: Finding[]; waived: Finding[]; unwaived: Finding[] };
  /** Exceptions the change adds, extends (a later expiry), shortens, changes otherwise or removes. */
  exceptions: ExceptionChange[];
  /** Capital and demand-weighted fill rate all segments' targets imply, before and after. */
  implied: {
    before: { capital: number; fillRate: number | null };
    after: { capital: number; fillRate: number | null };
  };
  summary: {
    base: ReturnType<typeof summarize>["findings"];
    head: ReturnType<typeof summarize>["findings"];
  };
  /**
   * Where the base policies' capital serves most margin (allocated by marginal return over the
   * replayed year), and whether each changed fill-rate target moves towards it; null without a
   * replay.
   */
  allocation: { from: string; to: string; targets: TargetDirection[] } | null;
}

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

/** Every policy of a set, exceptions too: what a change can touch. */
const everyPolicy = (set: PolicySet): AnyPolicy[] => [
  ...allPolicies(set),
  ...(set.exceptions as unknown as AnyPolicy[]),
];

export function fieldChanges(base: PolicySet, head: PolicySet): FieldChange[] {
  const key = (p: AnyPolicy) => `${p.value.kind}/${p.value.metadata.name}`;
  const before = new Map(everyPolicy(base).map((p) => [key(p), p]));
  const after = new Map(everyPolicy(head).map((p) => [key(p), p]));
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

/** The exceptions a change adds, extends, shortens, changes otherwise or removes, by name. */
export function exceptionChanges(base: PolicySet, head: PolicySet): ExceptionChange[] {
  const before = new Map(base.exceptions.map((e) => [e.value.metadata.name, e]));
  const after = new Map(head.exceptions.map((e) => [e.value.metadata.name, e]));
  const names = [...new Set([...before.keys(), ...after.keys()])].sort();
  return names.flatMap((name): ExceptionChange[] => {
    const b = before.get(name);
    const h = after.get(name);
    const e = (h ?? b) as NonNullable<typeof h>;
    const expires = { before: b?.value.expires ?? null, after: h?.value.expires ?? null };
    const change = !b
      ? "added"
      : !h
        ? "removed"
        : h.value.expires > b.value.expires
          ? "extended"
          : h.value.expires < b.value.expires
            ? "shortened"
            : JSON.stringify(h.value) !== JSON.stringify(b.value)
              ? "changed"
              : undefined;
    if (!change) return [];
    return [
      {
        name,
        change,
        owner: e.value.metadata.owner,
        approvedBy: e.value.metadata.approvedBy,
        expires,
        source: sourceOf(e, h ? "/expires" : "/metadata/name"),
      },
    ];
  });
}

/** One version's evaluation with what its targets imply and its policy replayed over the window. */
interface Version {
  result: EvaluationResult;
  implied: ImpliedPortfolio;
  replay: Simulation;
}

function version(result: EvaluationResult): Version {
  return {
    result,
    implied: impliedPortfolio(result.portfolio),
    replay: simulate(
      result.portfolio,
      { from: result.document.window.from, to: result.document.asOf, currency: "", policies: [] },
      // The evaluation read the window's daily demand: its SKUs are replayed from memory.
      replayedPortfolio(result.portfolio, { frontier: false }),
    ),
  };
}

function side(v: Version, name: string): SegmentSide | null {
  const at = v.result.portfolio.segments.findIndex((x) => x.name === name);
  const s = v.result.portfolio.segments[at];
  const implied = v.implied.segments[at];
  const r = v.replay.segments.find((x) => x.name === name);
  if (!s || !implied || !r) return null;
  const num = (x: unknown) => (typeof x === "number" ? round(x) : null);
  return {
    skus: s.skus.length,
    capital: num(s.metrics.capital?.value),
    fillRate: num(s.metrics.fillRate?.value),
    impliedCapital: round(implied.capital),
    impliedFillRate: num(implied.fillRate),
    replay: { meanCapital: r.meanCapital, fillRate: r.fillRate, stockoutDays: r.stockoutDays },
  };
}

const total = (v: Version): { capital: number; fillRate: number | null } => ({
  capital: round(v.implied.capital),
  fillRate: v.implied.fillRate === null ? null : round(v.implied.fillRate),
});

export function policyDiff(
  baseRef: string,
  base: { policies: PolicySet; result: EvaluationResult },
  head: { policies: PolicySet; result: EvaluationResult },
  allocation: PolicyDiff["allocation"] = null,
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
  const before = version(base.result);
  const after = version(head.result);
  const baseIds = new Set(open(base.result).map((f) => f.id));
  const headIds = new Set(open(head.result).map((f) => f.id));
  const waivedIn = (r: EvaluationResult) =>
    new Set(open(r).flatMap((f) => (f.waived ? [f.id] : [])));
  const baseWaived = waivedIn(base.result);
  return {
    schemaVersion: 1,
    base: baseRef,
    asOf: head.result.document.asOf,
    window: head.result.document.window,
    fields: fieldChanges(base.policies, head.policies),
    moves,
    segments: names.map((name) => ({
      name,
      before: side(before, name),
      after: side(after, name),
    })),
    implied: { before: total(before), after: total(after) },
    findings: {
      appear: open(head.result).filter((f) => !baseIds.has(f.id)),
      go: open(base.result).filter((f) => !headIds.has(f.id)),
      waived: open(head.result).filter(
        (f) => f.waived && baseIds.has(f.id) && !baseWaived.has(f.id),
      ),
      unwaived: open(head.result).filter(
        (f) => !f.waived && baseWaived.has(f.id) && headIds.has(f.id),
      ),
    },
    exceptions: exceptionChanges(base.policies, head.policies),
    summary: {
      base: summarize(open(base.result)).findings,
      head: summarize(open(head.result)).findings,
    },
    allocation,
  };
}
