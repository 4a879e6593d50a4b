/**
 * Segments drawn from the data, for a first policy set: bands of planned lead time (what a
 * mistake costs to correct), split by demand pattern (smooth or not) and by ABC class (A or the
 * rest) wherever both halves keep enough SKUs; a band too small is merged into its neighbour.
 * Each band keeps a catch-all segment, so SKUs whose pattern or class cannot be measured still
 * land somewhere. Priorities are all different, so no two segments can claim a SKU equally. Pure.
 */
import type { SkuEvaluation } from "../metrics/sku-metrics.js";
import type { Condition } from "../types.js";

/** The planned lead-time bands a first policy set starts from, in days (upper ends included). */
export const LEAD_TIME_BANDS: readonly number[] = [14, 30, 60];

/** A segment smaller than this share of the SKUs (and this many) is merged or not split off. */
export const MIN_SEGMENT_SHARE = 0.05;
export const MIN_SEGMENT_SKUS = 10;

export interface SegmentDraft {
  name: string;
  priority: number;
  /** None for a segment of pinned SKUs. */
  match?: Condition;
  /** SKUs the conditions take on the data drawn from (before any evaluation). */
  skus: readonly SkuEvaluation[];
  /** How the segment was drawn, in a sentence. */
  why: string;
  /** Drawn for erratic, intermittent or lumpy demand. */
  variable?: true;
}

interface Band {
  lo: number;
  hi: number;
  skus: SkuEvaluation[];
}

const planned = (s: SkuEvaluation): number =>
  typeof s.metrics.plannedLeadTimeDays?.value === "number"
    ? s.metrics.plannedLeadTimeDays.value
    : 0;

/** The bands with SKUs, small ones merged into the smaller of their neighbours. */
export function leadTimeBands(skus: readonly SkuEvaluation[], minSkus: number): Band[] {
  const edges = [0, ...LEAD_TIME_BANDS, Infinity];
  let bands: Band[] = edges.slice(1).map((hi, i) => ({
    lo: i === 0 ? 0 : (edges[i] ?? 0) + 1,
    hi,
    skus: skus.filter(
      (s) => planned(s) > (i === 0 ? -Infinity : (edges[i] ?? 0)) && planned(s) <= hi,
    ),
  }));
  bands = bands.filter((b) => b.skus.length > 0);
  for (;;) {
    const small = bands.findIndex((b) => b.skus.length < minSkus);
    if (small < 0 || bands.length === 1) return bands;
    const left = bands[small - 1];
    const right = bands[small + 1];
    const into = !right || (left && left.skus.length <= right.skus.length) ? small - 1 : small + 1;
    const [a, b] = into < small ? [into, small] : [small, into];
    const merged: Band = {
      lo: bands[a]!.lo,
      hi: bands[b]!.hi,
      skus: [...bands[a]!.skus, ...bands[b]!.skus],
    };
    bands = [...bands.slice(0, a), merged, ...bands.slice(b + 1)];
  }
}

function bandName(b: Band): string {
  if (b.hi === Infinity) return b.lo === 0 ? "all" : `lead-${b.lo}d-plus`;
  return b.lo === 0 ? `lead-up-to-${b.hi}d` : `lead-${b.lo}-${b.hi}d`;
}

function bandConditions(b: Band): Condition[] {
  const out: Condition[] = [];
  if (b.lo > 0)
    out.push({ fact: "plannedLeadTimeDays", operator: "greaterThanInclusive", value: b.lo });
  if (b.hi !== Infinity)
    out.push({ fact: "plannedLeadTimeDays", operator: "lessThanInclusive", value: b.hi });
  // a band that takes every lead time still needs a condition that holds for every SKU
  if (out.length === 0)
    out.push({ fact: "plannedLeadTimeDays", operator: "greaterThan", value: 0 });
  return out;
}

const bandText = (b: Band): string =>
  b.hi === Infinity
    ? b.lo === 0
      ? "every planned lead time"
      : `planned lead times of ${b.lo} days or more`
    : b.lo === 0
      ? `planned lead times up to ${b.hi} days`
      : `planned lead times of ${b.lo}–${b.hi} days`;

interface Split {
  suffix: string;
  condition: Condition;
  holds: (s: SkuEvaluation) => boolean;
  text: string;
}

const PATTERN_SPLITS: Split[] = [
  {
    suffix: "smooth",
    condition: { fact: "demandPattern", operator: "equal", value: "smooth" },
    holds: (s) => s.metrics.demandPattern?.value === "smooth",
    text: "smooth demand",
  },
  {
    suffix: "variable",
    condition: {
      fact: "demandPattern",
      operator: "in",
      value: ["erratic", "intermittent", "lumpy"],
    },
    holds: (s) =>
      ["erratic", "intermittent", "lumpy"].includes(String(s.metrics.demandPattern?.value)),
    text: "erratic, intermittent or lumpy demand",
  },
];

const ABC_SPLITS: Split[] = [
  {
    suffix: "a",
    condition: { fact: "abcClass", operator: "equal", value: "A" },
    holds: (s) => s.metrics.abcClass?.value === "A",
    text: "class A (the SKUs making 80% of revenue)",
  },
  {
    suffix: "bc",
    condition: { fact: "abcClass", operator: "in", value: ["B", "C"] },
    holds: (s) => ["B", "C"].includes(String(s.metrics.abcClass?.value)),
    text: "class B or C",
  },
];

/** The parts of a split, when every part keeps at least minSkus SKUs; else none. */
function splitBy(
  skus: readonly SkuEvaluation[],
  splits: readonly Split[],
  minSkus: number,
): { split: Split; skus: SkuEvaluation[] }[] {
  const parts = splits.map((split) => ({ split, skus: skus.filter(split.holds) }));
  return parts.every((p) => p.skus.length >= minSkus) ? parts : [];
}

interface Part {
  suffixes: string[];
  conditions: Condition[];
  texts: string[];
  skus: SkuEvaluation[];
}

/** A segment name the policy schema accepts. */
const SEGMENT_NAME = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

const pinnedTo = (s: SkuEvaluation): string | undefined => {
  const v = s.columns.segment;
  return typeof v === "string" && v !== "" ? v : undefined;
};

/**
 * A segment for each name skus.csv pins SKUs to: without `match`, it takes only its pinned SKUs
 * (a name the schema cannot hold stays unassigned, and evaluation says so).
 */
function pinnedSegments(skus: readonly SkuEvaluation[]): SegmentDraft[] {
  const names = [...new Set(skus.map(pinnedTo).filter((n): n is string => n !== undefined))].sort();
  return names
    .filter((n) => SEGMENT_NAME.test(n))
    .map((name, i) => ({
      name,
      priority: 10 - Math.min(i, 9),
      skus: skus.filter((s) => pinnedTo(s) === name),
      why: `The SKUs skus.csv pins to ${name} (its segment column).`,
    }));
}

export function draftSegments(skus: readonly SkuEvaluation[]): SegmentDraft[] {
  const pinned = pinnedSegments(skus);
  const held = new Set(pinned.flatMap((p) => p.skus.map((s) => s.sku)));
  const free = skus.filter((s) => !held.has(s.sku));
  const minSkus = Math.max(MIN_SEGMENT_SKUS, Math.ceil(free.length * MIN_SEGMENT_SHARE));
  const drafts: SegmentDraft[] = [...pinned];
  let priority = 1000;
  for (const band of leadTimeBands(free, minSkus)) {
    const base = bandName(band);
    const byPattern: Part[] = splitBy(band.skus, PATTERN_SPLITS, minSkus).map((p) => ({
      suffixes: [p.split.suffix],
      conditions: [p.split.condition],
      texts: [p.split.text],
      skus: p.skus,
    }));
    const parts: Part[] = byPattern.flatMap((part) => {
      const byAbc = splitBy(part.skus, ABC_SPLITS, minSkus);
      if (byAbc.length === 0) return [part];
      return byAbc.map((a) => ({
        suffixes: [...part.suffixes, a.split.suffix],
        conditions: [...part.conditions, a.split.condition],
        texts: [...part.texts, a.split.text],
        skus: a.skus,
      }));
    });
    for (const part of parts) {
      drafts.push({
        name: [base, ...part.suffixes].join("-"),
        priority: (priority -= 10),
        match: { all: [...bandConditions(band), ...part.conditions] },
        skus: part.skus,
        why: `SKUs with ${bandText(band)} and ${part.texts.join(", ")}.`,
        ...(part.suffixes.includes("variable") ? { variable: true as const } : {}),
      });
    }
    // the band's catch-all: every SKU of the band no split above takes (or all of it, unsplit)
    const taken = new Set(parts.flatMap((p) => p.skus.map((s) => s.sku)));
    drafts.push({
      name: parts.length > 0 ? `${base}-other` : base,
      priority: (priority -= 10),
      match: { all: bandConditions(band) },
      skus: band.skus.filter((s) => !taken.has(s.sku)),
      why:
        parts.length > 0
          ? `SKUs with ${bandText(band)} that the segments above do not take (their demand pattern or class ` +
            "could not be measured)."
          : `SKUs with ${bandText(band)}: too few to split by demand pattern or class.`,
    });
  }
  return drafts;
}
