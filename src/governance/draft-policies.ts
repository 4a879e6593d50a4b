/**
 * A first policy set as data: the drafted segments with targets from their economics and cover
 * from what their SKUs hold, then (after an evaluation of that draft on the same data) the
 * assumptions and tolerances their observed metrics support, and bounds widened where an
 * evaluation still found the data beyond them. Every number keeps the note that says where it
 * came from. Pure: `init` writes, evaluates and calls these in turn.
 */
import { criticalRatio } from "../model/critical-ratio.js";
import type { SkuEvaluation } from "../metrics/sku-metrics.js";
import type { SkuMetrics } from "../metrics/sku-metrics.js";
import type { Finding } from "../findings/finding.js";
import type { MetricBounds, RiskTolerance, SegmentPolicy } from "../types.js";
import type { NumericMetricName } from "../vocabulary/metric-catalog.js";
import { METRICS } from "../vocabulary/metric-catalog.js";
import { sortedQuantile } from "../stats/stats.js";
import { draftBound, draftSegmentBounds, niceBound } from "./draft-bounds.js";
import type { SegmentDraft } from "./draft-segments.js";

/** A policy with the note behind each drafted number, by dotted path (`targets.fillRate`). */
export interface Noted<T> {
  value: T;
  notes: Record<string, string>;
  /** What the file's rationale says. */
  rationale: string;
}

export interface PolicyDraft {
  tolerance: Noted<RiskTolerance>;
  segments: Noted<SegmentPolicy>[];
}

/** Holding cost a year, as a share of unit cost, behind the fill-rate targets (stated in each note). */
export const HOLDING_RATE = 0.25;
export const REVIEW_PERIOD_DAYS = 7;
export const REVIEW_EVERY_DAYS = 90;
const OWNER = "planning-team";

/** The SKUs' measured values of a metric, sorted ascending. */
export const measuredValues = (
  skus: readonly SkuEvaluation[],
  metric: NumericMetricName,
): number[] =>
  skus
    .map((s) => s.metrics[metric]?.value)
    .filter((v): v is number => typeof v === "number")
    .sort((a, b) => a - b);

/**
 * The fill-rate target: the newsvendor's critical ratio over a review period where margins are
 * known, kept within five points below its cell's rate and its cell's rate; the cell's rate
 * where they are not; a catch-all's, 95% or the ratio within 85–95%.
 */
function fillRateTarget(d: SegmentDraft): { fillRate: number; note: string } {
  const margins = measuredValues(d.skus, "margin");
  const cell = d.cellFillRate;
  const cellNote = cell !== undefined ? `the ABC × XYZ matrix's ${cell * 100}% for its cell` : "";
  if (margins.length === 0) {
    if (cell !== undefined)
      return { fillRate: cell, note: `no unit_price in the data, so no margin: ${cellNote}` };
    return {
      fillRate: 0.95,
      note: "no unit_price in the data, so no margin: a common 95% to start from",
    };
  }
  const m = sortedQuantile(margins, 0.5);
  const ratio =
    criticalRatio({ margin: m, holdingRate: HOLDING_RATE, reviewPeriodDays: REVIEW_PERIOD_DAYS }) ??
    0.85;
  const [floor, cap] =
    cell !== undefined ? [Math.round((cell - 0.05) * 100) / 100, cell] : [0.85, 0.95];
  const fillRate = Math.min(cap, Math.max(floor, Math.floor(ratio * 100) / 100));
  return {
    fillRate,
    note:
      `median margin ${(m * 100).toFixed(0)}%, holding ${HOLDING_RATE * 100}% a year: critical ratio ` +
      `${(ratio * 100).toFixed(1)}%, kept within ${Math.round(floor * 100)}–${Math.round(cap * 100)}%` +
      (cell !== undefined ? ` (${cellNote})` : ""),
  };
}

function coverTarget(d: SegmentDraft): {
  cover: { minWeeks: number; maxWeeks: number };
  note: string;
} {
  const cover = measuredValues(d.skus, "coverWeeks");
  if (cover.length === 0)
    return {
      cover: { minWeeks: 1, maxWeeks: 8 },
      note: "no cover measured: 1–8 weeks to start from",
    };
  const low = sortedQuantile(cover, 0.1);
  const high = sortedQuantile(cover, 0.9);
  const minWeeks = Math.max(0, niceBound(low, "min"));
  const maxWeeks = Math.max(minWeeks + 1, niceBound(Math.max(high, 1) * 1.25, "max"));
  return {
    cover: { minWeeks, maxWeeks },
    note: `its SKUs' cover: 10th percentile ${low.toFixed(1)} weeks, 90th ${high.toFixed(1)} (+25%)`,
  };
}

const metadata = (name: string, today: string, rationale: string) => ({
  name,
  version: 1,
  owner: OWNER,
  reviewedOn: today,
  reviewEveryDays: REVIEW_EVERY_DAYS,
  rationale,
});

/** The segments with targets and no bounds yet: what the first evaluation runs. */
export function draftPolicies(
  drafts: readonly SegmentDraft[],
  today: string,
  basis: string,
): PolicyDraft {
  const segments = drafts.map((d): Noted<SegmentPolicy> => {
    const fill = fillRateTarget(d);
    const cover = coverTarget(d);
    const rationale = `${d.why} Drafted by stockpolicy init from ${d.skus.length} SKUs ${basis}.`;
    return {
      value: {
        apiVersion: "stockpolicy/v1",
        kind: "SegmentPolicy",
        metadata: metadata(d.name, today, rationale),
        ...(d.match ? { match: d.match as SegmentPolicy["match"] & object } : {}),
        priority: d.priority,
        targets: {
          fillRate: fill.fillRate,
          reviewPeriodDays: REVIEW_PERIOD_DAYS,
          cover: cover.cover,
        },
      },
      notes: {
        ...(d.merges?.length ? { match: `merged: ${d.merges.join("; ")}` } : {}),
        "targets.fillRate": fill.note,
        "targets.reviewPeriodDays": "a weekly review, to start from",
        "targets.cover": cover.note,
      },
      rationale,
    };
  });
  const rationale =
    `The company-wide risk tolerance, drafted by stockpolicy init ${basis}. The portfolio bounds are ` +
    "today's observed values with a margin; set the capital limit to what finance will commit.";
  return {
    tolerance: {
      value: {
        apiVersion: "stockpolicy/v1",
        kind: "RiskTolerance",
        metadata: metadata("company", today, rationale),
        currency: "USD",
        portfolio: {},
        overrides: { threshold: 0.1, routine: { rate: 0.3, streak: 3 } },
      },
      notes: {
        currency: "the data's currency: change it if it is not US dollars",
        "overrides.threshold": "an order 10% away from the recommendation counts as an override",
        "overrides.routine": "the contract's usual routine rate and streak",
      },
      rationale,
    },
    segments,
  };
}

const withTargetInTolerance = (p: Noted<SegmentPolicy>): Noted<SegmentPolicy> => {
  const min = p.value.tolerance?.fillRate?.min;
  if (min === undefined || p.value.targets.fillRate >= min) return p;
  const fillRate = Math.min(0.99, niceBound(min + 0.01, "max"));
  return {
    ...p,
    value: { ...p.value, targets: { ...p.value.targets, fillRate } },
    notes: {
      ...p.notes,
      "targets.fillRate": `one point above the tolerated minimum ${min}, which it must not aim below`,
    },
  };
};

/** The draft with the bounds observed metrics support: segments' and the portfolio's. */
export function withObservedBounds(
  draft: PolicyDraft,
  observed: {
    segments: ReadonlyMap<string, { metrics: SkuMetrics; plannedLeadTime?: number }>;
    portfolio: SkuMetrics;
  },
  currency: string,
): PolicyDraft {
  const segments = draft.segments.map((p) => {
    const seen = observed.segments.get(p.value.metadata.name);
    const { assumptions, tolerance } = draftSegmentBounds(
      seen?.metrics ?? {},
      currency,
      seen?.plannedLeadTime,
    );
    const notes = { ...p.notes };
    for (const [k, v] of Object.entries(assumptions.notes)) notes[`assumptions.${k}`] = v;
    for (const [k, v] of Object.entries(tolerance.notes)) notes[`tolerance.${k}`] = v;
    const value: SegmentPolicy = { ...p.value };
    if (Object.keys(assumptions.bounds).length > 0) value.assumptions = assumptions.bounds;
    if (Object.keys(tolerance.bounds).length > 0) value.tolerance = tolerance.bounds;
    return withTargetInTolerance({ ...p, value, notes });
  });
  const portfolio: MetricBounds = {};
  const notes = { ...draft.tolerance.notes };
  for (const [metric, side] of [
    ["capital", "max"],
    ["fillRate", "min"],
    ["excessShare", "max"],
  ] as const) {
    const b = draftBound(metric, side, observed.portfolio[metric], currency);
    if (!b) continue;
    portfolio[metric] = { [side]: b.bound };
    notes[`portfolio.${metric}.${side}`] = b.note;
  }
  return {
    tolerance: { ...draft.tolerance, value: { ...draft.tolerance.value, portfolio }, notes },
    segments,
  };
}

/** A finding's message for a note: its first sentence, at most 160 characters. */
const brief = (f: Finding): string => {
  const first = f.message.split(/(?<=[.;:])\s/)[0] ?? f.message;
  return (first.length > 160 ? `${first.slice(0, 159)}…` : first).replace(/[.;:]$/, "");
};

/** A bound moved to where the data is, with a note that says an evaluation found it breached. */
function widened(
  bounds: MetricBounds,
  f: Finding,
  notes: Record<string, string>,
  prefix: string,
): MetricBounds {
  const metric = f.metric as NumericMetricName;
  const side = f.expected && "max" in f.expected && f.expected.max !== undefined ? "max" : "min";
  const actual = typeof f.actual === "number" ? f.actual : undefined;
  if (actual === undefined || !(metric in METRICS)) return bounds;
  const interval = f.evidence.interval ?? [actual, actual];
  const rate = METRICS[metric].range === "rate";
  const bound =
    side === "max"
      ? niceBound(Math.max(actual, interval[1]) * 1.25, "max")
      : niceBound(Math.min(actual, interval[0]) - (rate ? 0.05 : actual * 0.25), "min");
  notes[`${prefix}.${metric}.${side}`] =
    `widened: an evaluation of the first draft on this data found ${brief(f)}`;
  const next = {
    ...bounds,
    [metric]: {
      ...bounds[metric],
      [side]: rate ? Math.min(bound, side === "max" ? 0.99 : 1) : bound,
    },
  };
  if (side === "min" && bound <= 0) delete next[metric]?.min;
  return next;
}

/** The draft with every bound an error finding rests on moved to where the data is. */
export function widenedForErrors(draft: PolicyDraft, findings: readonly Finding[]): PolicyDraft {
  let { tolerance } = draft;
  const segments = draft.segments.map((p) => ({
    ...p,
    value: { ...p.value },
    notes: { ...p.notes },
  }));
  for (const f of findings.filter((x) => x.severity === "error")) {
    if (f.kind === "routine-override") {
      const rate =
        typeof f.actual === "number" ? Math.min(0.95, niceBound(f.actual * 1.2, "max")) : 0.95;
      const routine = tolerance.value.overrides.routine;
      tolerance = {
        ...tolerance,
        value: {
          ...tolerance.value,
          overrides: {
            ...tolerance.value.overrides,
            routine: {
              rate: Math.max(rate, routine.rate),
              streak: routine.streak + (f.scope === "sku" ? 2 : 0),
            },
          },
        },
        notes: {
          ...tolerance.notes,
          "overrides.routine": `widened: an evaluation of the first draft found ${f.message.replace(/\.$/, "")}`,
        },
      };
      continue;
    }
    if (!f.metric) continue;
    const segment = segments.find((s) => s.value.metadata.name === (f.policy ?? f.subject));
    if (f.scope === "portfolio" || !segment) {
      if (f.scope !== "portfolio") continue;
      const notes = { ...tolerance.notes };
      tolerance = {
        ...tolerance,
        value: {
          ...tolerance.value,
          portfolio: widened(tolerance.value.portfolio, f, notes, "portfolio"),
        },
        notes,
      };
      continue;
    }
    const under = f.kind === "assumption-drift" ? "assumptions" : "tolerance";
    segment.value[under] = widened(segment.value[under] ?? {}, f, segment.notes, under);
  }
  return { tolerance, segments: segments.map(withTargetInTolerance) };
}
