/**
 * A planner's first segmentation of one set of SKUs: ABC by value × XYZ by demand variability.
 *
 * - Rows, by value: A, B and C by cumulative share 80/15/5 — of revenue (the `abcClass` metric)
 *   when every SKU has a price, else of units sold, with the cuts stated as mean daily demand
 *   (`demandMean`) so the segment reads as a rule a planner can argue with.
 * - Columns, by variability: X, Y and Z by the CV of weekly demand (up to 0.5, up to 1, above),
 *   and intermittent or lumpy demand (Syntetos–Boylan ADI over 1.32) apart, where a weekly CV
 *   says little.
 *
 * A cell under the minimum of SKUs is merged with the smaller of its neighbours: classes first
 * (a class too small as a whole joins the next), then columns within a class; each merge is
 * kept as a sentence for the segment's note. The conditions written take exactly the SKUs the
 * cell counted (a test holds them equal). Pure.
 */
import { plural } from "../findings/metric-phrases.js";
import type { SkuEvaluation } from "../metrics/sku-metrics.js";
import type { Condition } from "../types.js";

export const ROWS = ["A", "B", "C"] as const;
export const COLUMNS = ["X", "Y", "Z", "intermittent"] as const;
export type Row = (typeof ROWS)[number];
export type Column = (typeof COLUMNS)[number];

/** Upper ends of X and Y: the CV of weekly demand. */
export const CV_CUTS = [0.5, 1] as const;
/** Cumulative value shares that end A and B. */
const VALUE_SHARES = [0.8, 0.95] as const;

/** A range of rows or columns, both ends included (indexes into ROWS or COLUMNS). */
export type Span = readonly [number, number];

export interface Cell {
  rows: Span;
  columns: Span;
  skus: SkuEvaluation[];
}

/** A merge, in a sentence, and the region of the grid it made. */
export interface Merge {
  rows: Span;
  columns: Span;
  text: string;
}

const overlap = (a: Span, b: Span): boolean => a[0] <= b[1] && b[0] <= a[1];

/** The merges that made a cell: those whose region it lies in. */
export const mergesOf = (cell: Omit<Cell, "skus">, merges: readonly Merge[]): string[] =>
  merges
    .filter((m) => overlap(m.rows, cell.rows) && overlap(m.columns, cell.columns))
    .map((m) => m.text);

/** How the SKUs' value is measured and cut into classes. */
export interface ValueBasis {
  by: "revenue" | "units";
  /** Units: the mean daily demand at or above which a SKU is A, then B (undefined: none is). */
  cuts?: readonly [number | undefined, number | undefined];
  /** Each SKU's row, undefined where its value cannot be measured. */
  row(s: SkuEvaluation): number | undefined;
}

const num = (v: unknown): number | undefined => (typeof v === "number" ? v : undefined);
const revenueOf = (s: SkuEvaluation) => num(s.metrics.revenue?.value);
const unitsOf = (s: SkuEvaluation) => num(s.metrics.demandMean?.value);

/** The shortest decimal above `lo` and at most `hi`: a cut that reads well and moves no SKU. */
export function niceCut(lo: number, hi: number): number {
  for (let digits = 0; digits <= 12; digits++) {
    const scale = 10 ** digits;
    const v = Math.floor(hi * scale) / scale;
    if (v > lo) return v;
  }
  return hi;
}

/**
 * The classes' cuts on mean daily demand: A up to 80% of units, B up to 95%, C the rest (the SKU
 * that crosses a line still in the class below it, as abcClass does), each cut the shortest
 * decimal between a class's lowest value and the next SKU's. undefined: no SKU is in that class.
 */
function unitCuts(values: readonly number[]): [number | undefined, number | undefined] {
  const sorted = [...values].sort((a, b) => b - a);
  const total = sorted.reduce((t, v) => t + v, 0);
  let cumulative = 0;
  const classes = sorted.map((v) => {
    const before = total > 0 ? cumulative / total : 1;
    cumulative += v;
    return before < VALUE_SHARES[0] ? 0 : before < VALUE_SHARES[1] ? 1 : 2;
  });
  const cut = (cls: number): number | undefined => {
    const inside = sorted.filter((_, i) => (classes[i] as number) <= cls);
    const outside = sorted.filter((_, i) => (classes[i] as number) > cls);
    const lowest = inside[inside.length - 1];
    if (lowest === undefined) return undefined;
    return outside[0] === undefined ? lowest : niceCut(outside[0], lowest);
  };
  const ab = cut(0);
  const bc = cut(1);
  // B holds no SKU when its cut is A's
  return [ab, ab !== undefined && bc !== undefined && bc >= ab ? undefined : bc];
}

/** Revenue where every SKU has it, else units sold (mean daily demand). */
export function valueBasis(skus: readonly SkuEvaluation[]): ValueBasis {
  if (skus.length > 0 && skus.every((s) => revenueOf(s) !== undefined))
    return {
      by: "revenue",
      row: (s) => {
        const i = ROWS.indexOf(s.metrics.abcClass?.value as Row);
        return i < 0 ? undefined : i;
      },
    };
  const cuts = unitCuts(skus.map(unitsOf).filter((v): v is number => v !== undefined));
  return {
    by: "units",
    cuts,
    row: (s) => {
      const v = unitsOf(s);
      if (v === undefined) return undefined;
      if (cuts[0] !== undefined && v >= cuts[0]) return 0;
      return cuts[1] !== undefined && v >= cuts[1] ? 1 : 2;
    },
  };
}

const STEADY = ["smooth", "erratic"];
const SPORADIC = ["intermittent", "lumpy"];

/** Each SKU's column, undefined where its variability cannot be measured. */
export function columnOf(s: SkuEvaluation): number | undefined {
  const pattern = s.metrics.demandPattern?.value;
  if (SPORADIC.includes(pattern as string)) return 3;
  const cv = num(s.metrics.demandCv?.value);
  if (!STEADY.includes(pattern as string) || cv === undefined) return undefined;
  return cv <= CV_CUTS[0] ? 0 : cv <= CV_CUTS[1] ? 1 : 2;
}

/**
 * Units: the mean daily demand a span of rows starts at (its last row's cut) and stays under
 * (the cut of the row above its first).
 */
export function demandBounds(
  basis: ValueBasis,
  [lo, hi]: Span,
): { lower?: number; upper?: number } {
  const [ab, bc] = basis.cuts ?? [undefined, undefined];
  const lower = hi === 0 ? ab : hi === 1 ? (bc ?? ab) : undefined;
  const upper = lo === 1 ? ab : lo === 2 ? (bc ?? ab) : undefined;
  return {
    ...(lower !== undefined ? { lower } : {}),
    ...(upper !== undefined ? { upper } : {}),
  };
}

/** The conditions that take a span of rows. */
export function rowConditions(basis: ValueBasis, [lo, hi]: Span): Condition[] {
  if (basis.by === "revenue") {
    const classes = ROWS.slice(lo, hi + 1);
    return [
      classes.length === 1
        ? { fact: "abcClass", operator: "equal", value: classes[0] }
        : { fact: "abcClass", operator: "in", value: [...classes] },
    ];
  }
  const { lower, upper } = demandBounds(basis, [lo, hi]);
  const out: Condition[] = [];
  if (lower !== undefined)
    out.push({ fact: "demandMean", operator: "greaterThanInclusive", value: lower });
  if (upper !== undefined) out.push({ fact: "demandMean", operator: "lessThan", value: upper });
  if (out.length === 0)
    out.push({ fact: "demandMean", operator: "greaterThanInclusive", value: 0 });
  return out;
}

/** The conditions that take a span of columns. */
export function columnConditions([lo, hi]: Span): Condition[] {
  if (lo === 3) return [{ fact: "demandPattern", operator: "in", value: SPORADIC }];
  const steady: Condition[] = [{ fact: "demandPattern", operator: "in", value: STEADY }];
  if (lo > 0)
    steady.push({ fact: "demandCv", operator: "greaterThan", value: CV_CUTS[lo - 1] as number });
  if (hi < 2)
    steady.push({ fact: "demandCv", operator: "lessThanInclusive", value: CV_CUTS[hi] as number });
  if (lo === 0 && hi >= 2)
    steady.push({ fact: "demandCv", operator: "greaterThanInclusive", value: 0 });
  if (hi < 3) return steady;
  return [{ any: [{ fact: "demandPattern", operator: "in", value: SPORADIC }, { all: steady }] }];
}

/**
 * Fill rates a planner starts an ABC × XYZ matrix from, by row and column: higher for the SKUs
 * that carry the value (A) and for demand a forecast can follow (X); intermittent demand last,
 * where each point of fill costs the most stock.
 */
export const CELL_FILL_RATES: readonly (readonly number[])[] = [
  [0.98, 0.97, 0.95, 0.93],
  [0.96, 0.95, 0.93, 0.91],
  [0.94, 0.92, 0.9, 0.88],
];

/** A cell's fill rate from the matrix: its SKUs' own cells' rates, averaged, to the point. */
export function cellFillRate(cell: Cell, basis: ValueBasis): number {
  let total = 0;
  let n = 0;
  for (const s of cell.skus) {
    const rate = CELL_FILL_RATES[basis.row(s) ?? -1]?.[columnOf(s) ?? -1];
    if (rate === undefined) continue;
    total += rate;
    n++;
  }
  const rate = n > 0 ? total / n : (CELL_FILL_RATES[cell.rows[0]]?.[cell.columns[0]] as number);
  return Math.round(rate * 100) / 100;
}

export const spanName = (names: readonly string[], [lo, hi]: Span): string =>
  names.slice(lo, hi + 1).join("+");

/** A cell as a planner writes it: `A-X`, `B+C-Y+Z`. */
export const cellLabel = (c: Omit<Cell, "skus">): string =>
  `${spanName(ROWS, c.rows)}-${spanName(COLUMNS, c.columns)}`;

const inside = (v: number, [lo, hi]: Span): boolean => v >= lo && v <= hi;

type Axis = "rows" | "columns";
const across = (axis: Axis): Axis => (axis === "rows" ? "columns" : "rows");

/**
 * The cells that touch `cell` on one side (along `axis`, before or after it) and together span
 * exactly its other axis: merged into them, each takes the part of `cell` beside it, and every
 * cell stays a rectangle of the grid. Undefined when that side is not tiled so.
 */
function sideTiles(
  cell: Cell,
  cells: readonly Cell[],
  axis: Axis,
  after: boolean,
): Cell[] | undefined {
  const other = across(axis);
  const touching = cells.filter(
    (c) =>
      c !== cell &&
      (after ? c[axis][0] === cell[axis][1] + 1 : c[axis][1] + 1 === cell[axis][0]) &&
      c[other][0] <= cell[other][1] &&
      cell[other][0] <= c[other][1],
  );
  const lo = Math.min(...touching.map((c) => c[other][0]));
  const hi = Math.max(...touching.map((c) => c[other][1]));
  return touching.length > 0 && lo === cell[other][0] && hi === cell[other][1]
    ? touching
    : undefined;
}

/**
 * `cells` with `cell` merged into the cells beside it on its side with the fewest SKUs (but some,
 * where `cell` has any; across columns first on a tie: the value split is kept longest), each
 * taking the part of it beside it; undefined when no side can take it whole. The merge is said in `merges`, with `why`.
 */
export function mergedWithNeighbour(
  cells: readonly Cell[],
  cell: Cell,
  basis: ValueBasis,
  merges: Merge[],
  why: string,
): Cell[] | undefined {
  const sides = (["columns", "rows"] as const).flatMap((axis) =>
    [false, true].flatMap((after) => {
      const tiles = sideTiles(cell, cells, axis, after);
      return tiles ? [{ axis, tiles, size: tiles.reduce((t, c) => t + c.skus.length, 0) }] : [];
    }),
  );
  // a cell with SKUs joins cells with SKUs where it can: an empty side would only move it
  const weight = (size: number) => (size === 0 && cell.skus.length > 0 ? Infinity : size);
  const [side] = sides.sort((a, b) => weight(a.size) - weight(b.size));
  if (!side) return undefined;
  const { axis, tiles } = side;
  const other = across(axis);
  const position = (x: SkuEvaluation): number =>
    (other === "rows" ? basis.row(x) : columnOf(x)) ?? -1;
  const grown = tiles.map((t): Cell => {
    const span: Span = [Math.min(t[axis][0], cell[axis][0]), Math.max(t[axis][1], cell[axis][1])];
    return {
      ...(axis === "rows" ? { rows: span, columns: t.columns } : { rows: t.rows, columns: span }),
      skus: [...t.skus, ...cell.skus.filter((x) => inside(position(x), t[other]))],
    };
  });
  for (const g of grown)
    merges.push({
      rows: g.rows,
      columns: g.columns,
      text:
        `${cellLabel(cell)} (${plural(cell.skus.length, "SKU")}) ${why}: merged with ` +
        tiles.map(cellLabel).join(" and "),
    });
  return cells
    .filter((c) => c !== cell && !tiles.includes(c))
    .concat(grown)
    .sort((a, b) => a.rows[0] - b.rows[0] || a.columns[0] - b.columns[0]);
}

/**
 * The cells of `skus`, each of the 12 merged while it holds fewer than `min` classified SKUs:
 * the smallest first, into its smallest edge neighbour. `merges` receives each merge.
 */
export function valueVariabilityCells(
  skus: readonly SkuEvaluation[],
  basis: ValueBasis,
  min: number,
  merges: Merge[],
): Cell[] {
  let cells: Cell[] = ROWS.flatMap((_, r) =>
    COLUMNS.map((_, c) => ({
      rows: [r, r] as const,
      columns: [c, c] as const,
      skus: [] as SkuEvaluation[],
    })),
  );
  for (const s of skus) {
    const row = basis.row(s);
    const column = columnOf(s);
    if (row !== undefined && column !== undefined)
      cells[row * COLUMNS.length + column]?.skus.push(s);
  }
  for (;;) {
    const small = cells
      .filter((c) => c.skus.length < min)
      .sort((a, b) => a.skus.length - b.skus.length);
    let next: Cell[] | undefined;
    for (const cell of small) {
      // an empty cell goes silently: nothing of it is merged
      const said = cell.skus.length > 0 ? merges : [];
      next = mergedWithNeighbour(cells, cell, basis, said, `is under the minimum of ${min}`);
      if (next) break;
    }
    // a cell left empty takes no SKU of the data: none is written
    if (!next) return cells.filter((c) => c.skus.length > 0);
    cells = next;
  }
}
