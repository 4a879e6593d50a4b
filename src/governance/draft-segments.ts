/**
 * Segments drawn from the data, for a first policy set, as a planner would draw them: ABC by
 * value × XYZ by demand variability (draft-cells.ts), within bands of planned lead time where
 * lead times differ (what a mistake costs to correct). Cells under a minimum of SKUs are merged
 * with a neighbour, and the smallest are merged while there are more than MAX_SEGMENTS; every
 * merge is said in the segment's note. Each band keeps a catch-all, so SKUs whose value or
 * variability cannot be measured still land somewhere. Priorities all differ, so no two segments
 * can claim a SKU equally. SKUs that skus.csv pins to a segment keep it. Pure.
 */
import type { SkuEvaluation } from "../metrics/sku-metrics.js";
import type { Condition } from "../types.js";
import {
  COLUMNS,
  cellFillRate,
  ROWS,
  columnConditions,
  demandBounds,
  mergedWithNeighbour,
  mergesOf,
  rowConditions,
  spanName,
  valueBasis,
  valueVariabilityCells,
} from "./draft-cells.js";
import type { Cell, Merge, Span, ValueBasis } from "./draft-cells.js";

/** The planned lead-time bands a first policy set starts from, in days (upper ends included). */
export const LEAD_TIME_BANDS: readonly number[] = [14, 30, 60];

/** A segment smaller than this share of the SKUs (and this many) is merged or not split off. */
export const MIN_SEGMENT_SHARE = 0.05;
export const MIN_SEGMENT_SKUS = 10;
/** Drawn segments at most (catch-alls included, pinned segments not). */
export const MAX_SEGMENTS = 9;

export interface SegmentDraft {
  name: string;
  priority: number;
  /** None for a segment of pinned SKUs. */
  match?: Condition;
  /** SKUs the conditions take on the data drawn from (before any evaluation). */
  skus: readonly SkuEvaluation[];
  /** How the segment was drawn, in a sentence. */
  why: string;
  /** Its span of ABC classes and of variability columns; none for a catch-all or pinned segment. */
  cell?: { rows: Span; columns: Span };
  /** How its SKUs' value was measured (revenue or units), for a cell. */
  valueBy?: ValueBasis["by"];
  /** The ABC × XYZ matrix's fill rate for a cell (CELL_FILL_RATES). */
  cellFillRate?: number;
  /** Merges that made it, in sentences. */
  merges?: string[];
}

/** A drafted segment as a planner reads the segmentation: its cell and what it holds. */
export interface DraftedSegment {
  name: string;
  /** SKUs the evaluation of what was written assigned to it. */
  skus: number;
  /** Its span of ABC classes and variability columns; none for a pinned or catch-all segment. */
  cell?: { rows: string[]; columns: string[] };
  /** pinned (skus.csv's segment column), cell, or catch-all. */
  drawn: "pinned" | "cell" | "catch-all";
  /** Its share of the portfolio's value (revenue, else units sold); null when none is measured. */
  valueShare: number | null;
  valueBy: "revenue" | "units";
  /** The median of its SKUs' weekly demand CV; null when none is measured. */
  demandCv: number | null;
  fillRate: number;
  cover: { minWeeks: number; maxWeeks: number };
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

/** A cell's span of classes in words. */
function rowText(basis: ValueBasis, rows: Span): string {
  const classes = spanName(ROWS, rows).replaceAll("+", "/");
  const { lower, upper } = demandBounds(basis, rows);
  const cuts = [
    lower !== undefined ? `at least ${lower}` : "",
    upper !== undefined ? `under ${upper}` : "",
  ].filter(Boolean);
  const demand =
    basis.by === "units" && cuts.length ? `; mean daily demand ${cuts.join(" and ")}` : "";
  const by = basis.by === "revenue" ? "revenue" : "units sold";
  return `class ${classes} by ${by} (ABC by cumulative share 80/15/5${demand})`;
}

const COLUMN_TEXT = [
  "X demand (weekly CV up to 0.5)",
  "Y demand (weekly CV 0.5–1)",
  "Z demand (weekly CV over 1)",
  "intermittent or lumpy demand (ADI over 1.32)",
];
const columnText = ([lo, hi]: Span): string =>
  lo === 0 && hi === COLUMNS.length - 1
    ? "any demand variability"
    : COLUMN_TEXT.slice(lo, hi + 1).join(" or ");

/**
 * A cell's name part: `a-x`, `bc-yz`, `c-intermittent`; the class alone when it spans every
 * column, nothing when it spans the whole grid.
 */
function cellName({ rows, columns }: Cell): string {
  const r = ROWS.slice(rows[0], rows[1] + 1)
    .join("")
    .toLowerCase();
  if (columns[0] === 0 && columns[1] === COLUMNS.length - 1)
    return rows[0] === 0 && rows[1] === ROWS.length - 1 ? "" : r;
  const letters = COLUMNS.slice(columns[0], Math.min(columns[1], 2) + 1)
    .filter((c) => c.length === 1)
    .join("")
    .toLowerCase();
  const parts = [r, letters, columns[1] === 3 ? "intermittent" : ""];
  return parts.filter(Boolean).join("-");
}

interface BandCells {
  band: Band;
  cells: Cell[];
  merges: Merge[];
}

/** Merges the smallest cell that has an edge neighbour, of any band, into it; false if none can. */
function mergeSmallest(bands: BandCells[], basis: ValueBasis): boolean {
  const all = bands.flatMap((b) => b.cells.map((cell) => ({ b, cell })));
  for (const { b, cell } of all.sort((x, y) => x.cell.skus.length - y.cell.skus.length)) {
    const next = mergedWithNeighbour(
      b.cells,
      cell,
      basis,
      b.merges,
      `is the smallest, and a first set keeps at most ${MAX_SEGMENTS} segments`,
    );
    if (next) {
      b.cells = next;
      return true;
    }
  }
  return false;
}

export function draftSegments(skus: readonly SkuEvaluation[]): SegmentDraft[] {
  const pinned = pinnedSegments(skus);
  const held = new Set(pinned.flatMap((p) => p.skus.map((s) => s.sku)));
  const free = skus.filter((s) => !held.has(s.sku));
  const minSkus = Math.max(MIN_SEGMENT_SKUS, Math.ceil(free.length * MIN_SEGMENT_SHARE));
  const basis = valueBasis(skus);
  let bands = leadTimeBands(free, minSkus);
  // one band: lead times do not tell the SKUs apart, so no band is named or matched
  if (bands.length === 1) bands = [{ lo: 0, hi: Infinity, skus: (bands[0] as Band).skus }];
  const drawn: BandCells[] = bands.map((band) => {
    const merges: Merge[] = [];
    return { band, cells: valueVariabilityCells(band.skus, basis, minSkus, merges), merges };
  });
  const count = () => drawn.reduce((t, b) => t + Math.max(1, b.cells.length), 0) + 1;
  while (count() > MAX_SEGMENTS) if (!mergeSmallest(drawn, basis)) break;
  const drafts: SegmentDraft[] = [...pinned];
  let priority = 1000;
  for (const { band, cells, merges } of drawn) {
    const prefix = bands.length > 1 ? bandName(band) : "";
    const lead = bands.length > 1 ? ` with ${bandText(band)}` : "";
    if (cells.length === 0) {
      // a band with no SKU of measured value and variability: one segment, unsplit
      drafts.push({
        name: prefix || "all",
        priority: (priority -= 10),
        match: { all: bandConditions(band) },
        skus: band.skus,
        why: `SKUs${lead}: too few with a measured value and demand variability to split.`,
      });
      continue;
    }
    for (const cell of cells)
      drafts.push({
        name: [prefix, cellName(cell)].filter(Boolean).join("-") || "all",
        priority: (priority -= 10),
        match: {
          all: [
            ...bandConditions(band),
            ...rowConditions(basis, cell.rows),
            ...columnConditions(cell.columns),
          ],
        },
        skus: cell.skus,
        why: `SKUs${lead} in ${rowText(basis, cell.rows)} and ${columnText(cell.columns)}.`,
        cell: { rows: cell.rows, columns: cell.columns },
        valueBy: basis.by,
        cellFillRate: cellFillRate(cell, basis),
        merges: mergesOf(cell, merges),
      });
  }
  // one catch-all below every cell: the SKUs no cell takes (value or variability not measured)
  if (drawn.some((b) => b.cells.length > 0)) {
    const taken = new Set(drafts.flatMap((d) => d.skus.map((s) => s.sku)));
    drafts.push({
      name: "other",
      priority: (priority -= 10),
      match: { all: [{ fact: "plannedLeadTimeDays", operator: "greaterThan", value: 0 }] },
      skus: free.filter((s) => !taken.has(s.sku)),
      why:
        "SKUs that the segments above do not take: their value or demand variability could not be " +
        "measured.",
    });
  }
  return withNamesApart(drafts, pinned.length);
}

/**
 * The drafts with every drawn name apart from the pinned ones (a skus.csv segment named `other`
 * or `a-x` keeps its name; the drawn one is suffixed), so no file is written over another.
 */
function withNamesApart(drafts: SegmentDraft[], pinned: number): SegmentDraft[] {
  const taken = new Set(drafts.slice(0, pinned).map((d) => d.name));
  return drafts.map((d, i) => {
    if (i < pinned || !taken.has(d.name)) return d;
    let name = `${d.name}-drawn`;
    for (let k = 2; taken.has(name); k++) name = `${d.name}-drawn-${k}`;
    taken.add(name);
    return { ...d, name };
  });
}
