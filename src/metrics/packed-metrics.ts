/**
 * A SKU's metrics packed into typed columns: what an evaluation keeps of each SKU it has read,
 * instead of some 27 `{ value, n }` objects, their boxed numbers and intervals (1.45 KB a SKU;
 * packed, about 0.45 KB). SKUs are packed into blocks of BLOCK rows, one column of values, one
 * of counts and one of tags a block, a slot a metric name (SKU_METRIC_ORDER), and intervals
 * in lanes of their own for the few metrics that have them. A packed SKU's metrics are read
 * through a view whose getters give back, on each read, an object equal to the one computeSku
 * made: `{ value, n }`, `{ value, n, interval }` or a category's; a frozen object shared by many
 * SKUs (a not-measurable value, an ABC class) is given back as itself. Anything else is kept as
 * it is, so a view always reads back what was packed.
 *
 * A view has no own properties to enumerate: `metricEntries` lists a SKU's metrics whether they
 * are packed or a plain object.
 */
import { METRIC_NAMES } from "../vocabulary/metric-catalog.js";
import type { MetricName } from "../vocabulary/metric-catalog.js";
import type { MetricValue } from "./observations.js";
import type { SkuMetrics } from "./sku-metrics.js";

/** SKUs a block: 31 slots × 14 bytes × 1,024 = 434 KB a block of columns. */
const BLOCK = 1024;
/**
 * A slot a name of the catalog: first the SKU metrics in the order computeSku writes them for a
 * SKU it can measure (a view lists its metrics in this order), then the catalog's others.
 */
export const SKU_METRIC_ORDER = [
  ...["demandMean", "demandStd", "demandCv", "adi", "cv2", "demandPattern"],
  ...["inStockRate", "stockoutDays", "fillRate", "recoveryDays"],
  ...["onHandUnits", "capital", "coverWeeks"],
  ...["plannedLeadTimeDays", "leadTimeDays", "leadTimeCv", "leadTimeDelayDays", "expediteRate"],
  ...["overrideRate", "overrideUpRate", "overrideDownRate", "forecastBias", "forecastError"],
  ...["unitCost", "unitPrice", "margin", "revenue"],
] as const satisfies readonly MetricName[];
const slotNames: readonly string[] = [
  ...SKU_METRIC_ORDER,
  ...METRIC_NAMES.filter((name) => !(SKU_METRIC_ORDER as readonly string[]).includes(name)),
];
const SLOTS = slotNames.length;
const slotOf = new Map<string, number>(slotNames.map((name, slot) => [name, slot]));

const ABSENT = 0;
const NUMBER = 1;
const NUMBER_WITH_INTERVAL = 2;
const CATEGORY = 3;
/** Kept as it was, in the block's `others` (the value column holds its index). */
const OTHER = 4;
/** Tags from here on: shared frozen object (tag − SHARED) of `shared`. */
const SHARED = 5;
const MAX_TAG = 0xffff;

/**
 * Frozen metric values many SKUs share (not-measurable ones, ABC classes), by identity; for the
 * process's life, so bounded: past MAX_TAG a frozen value is kept as one of a block's others.
 */
const shared: MetricValue[] = [];
const sharedIndex = new Map<MetricValue, number>();
/** Category values (demand patterns, ABC classes): few, from the catalog's vocabulary. */
const categories: string[] = [];
const categoryIndex = new Map<string, number>();
const MAX_CATEGORIES = 4096;

interface Block {
  values: Float64Array;
  /** n: a count, whole and under 2³² (any other is kept as it is). */
  counts: Uint32Array;
  tags: Uint16Array;
  /** A lane of [lo, hi] a row for each slot that has had an interval. */
  intervals: (Float64Array | undefined)[];
  others: MetricValue[];
  rows: number;
}

const newBlock = (): Block => ({
  values: new Float64Array(BLOCK * SLOTS),
  counts: new Uint32Array(BLOCK * SLOTS),
  tags: new Uint16Array(BLOCK * SLOTS),
  intervals: [],
  others: [],
  rows: 0,
});

/** Where SKUs are packed, block after block: one a read (its blocks live as long as its SKUs). */
export interface MetricPacker {
  pack(metrics: SkuMetrics): SkuMetrics;
}

export function metricPacker(): MetricPacker {
  let block = newBlock();
  return {
    pack(metrics) {
      if (metrics instanceof PackedMetrics || !packable(metrics)) return metrics;
      if (block.rows === BLOCK) block = newBlock();
      const row = block.rows++;
      for (const name in metrics)
        put(block, row, slotOf.get(name) as number, (metrics as Record<string, MetricValue>)[name]);
      return new PackedMetrics(block, row, undefined) as SkuMetrics;
    },
  };
}

/** Only names of the catalog: a slot each. */
function packable(metrics: SkuMetrics): boolean {
  for (const name in metrics) if (!slotOf.has(name)) return false;
  return true;
}

const isCount = (n: unknown): n is number =>
  typeof n === "number" && Number.isInteger(n) && n >= 0 && n < 2 ** 32 && !Object.is(n, -0);

const isPair = (x: unknown): x is [number, number] =>
  Array.isArray(x) && x.length === 2 && typeof x[0] === "number" && typeof x[1] === "number";

function keysAre(v: object, keys: readonly string[]): boolean {
  const own = Object.keys(v);
  return own.length === keys.length && own.every((k, i) => k === keys[i]);
}

function put(b: Block, row: number, slot: number, v: MetricValue | undefined): void {
  const at = row * SLOTS + slot;
  if (v === undefined) return;
  if (Object.isFrozen(v) && (sharedIndex.has(v) || SHARED + shared.length <= MAX_TAG)) {
    let k = sharedIndex.get(v);
    if (k === undefined) {
      sharedIndex.set(v, (k = shared.length));
      shared.push(v);
    }
    b.tags[at] = SHARED + k;
  } else if (!isCount(v.n)) {
    other(b, at, v);
  } else if (typeof v.value === "number" && keysAre(v, ["value", "n"])) {
    b.tags[at] = NUMBER;
    b.values[at] = v.value;
    b.counts[at] = v.n;
  } else if (
    typeof v.value === "number" &&
    keysAre(v, ["value", "n", "interval"]) &&
    isPair(v.interval)
  ) {
    b.tags[at] = NUMBER_WITH_INTERVAL;
    b.values[at] = v.value;
    b.counts[at] = v.n;
    const lane = (b.intervals[slot] ??= new Float64Array(BLOCK * 2));
    lane[2 * row] = v.interval[0];
    lane[2 * row + 1] = v.interval[1];
  } else if (typeof v.value === "string" && keysAre(v, ["value", "n"]) && category(v.value) >= 0) {
    b.tags[at] = CATEGORY;
    b.values[at] = category(v.value);
    b.counts[at] = v.n;
  } else other(b, at, v);
}

function other(b: Block, at: number, v: MetricValue): void {
  b.tags[at] = OTHER;
  b.values[at] = b.others.length;
  b.others.push(v);
}

/** The category's index, or −1 when the table is full. */
function category(value: string): number {
  let k = categoryIndex.get(value);
  if (k === undefined) {
    if (categories.length >= MAX_CATEGORIES) return -1;
    categoryIndex.set(value, (k = categories.length));
    categories.push(value);
  }
  return k;
}

function read(b: Block, row: number, slot: number): MetricValue | undefined {
  const at = row * SLOTS + slot;
  const tag = b.tags[at] as number;
  if (tag === ABSENT) return undefined;
  if (tag === NUMBER) return { value: b.values[at] as number, n: b.counts[at] as number };
  if (tag === NUMBER_WITH_INTERVAL) {
    const lane = b.intervals[slot] as Float64Array;
    return {
      value: b.values[at] as number,
      n: b.counts[at] as number,
      interval: [lane[2 * row] as number, lane[2 * row + 1] as number],
    };
  }
  if (tag === CATEGORY)
    return { value: categories[b.values[at] as number] as string, n: b.counts[at] as number };
  if (tag === OTHER) return b.others[b.values[at] as number];
  return shared[tag - SHARED];
}

/**
 * A packed SKU's metrics, read by name (`view.fillRate`) as a plain SkuMetrics is; `extra`
 * holds values set on top of the packed ones (the portfolio-relative metrics).
 */
class PackedMetrics {
  constructor(
    private readonly block: Block,
    private readonly row: number,
    private readonly extra: SkuMetrics | undefined,
  ) {}

  /**
   * The metrics in slot order (see SKU_METRIC_ORDER), an extra one in the place of the packed one
   * it replaces; then the extra ones that replace none.
   */
  entries(): [string, MetricValue][] {
    const out: [string, MetricValue][] = [];
    const extra = this.extra as Record<string, MetricValue> | undefined;
    slotNames.forEach((name, slot) => {
      const v = read(this.block, this.row, slot);
      if (v !== undefined) out.push([name, extra?.[name] ?? v]);
    });
    for (const name in extra)
      if (read(this.block, this.row, slotOf.get(name) as number) === undefined)
        out.push([name, extra[name] as MetricValue]);
    return out;
  }

  /** As a plain object, in the order of `entries` (what JSON.stringify writes). */
  toJSON(): Record<string, MetricValue> {
    return Object.fromEntries(this.entries());
  }

  get(name: string, slot: number): MetricValue | undefined {
    const on = this.extra?.[name as keyof SkuMetrics];
    return on !== undefined ? on : read(this.block, this.row, slot);
  }

  with(extra: SkuMetrics): SkuMetrics {
    const over = this.extra ? { ...this.extra, ...extra } : extra;
    return new PackedMetrics(this.block, this.row, over) as SkuMetrics;
  }
}

for (const [name, slot] of slotOf)
  Object.defineProperty(PackedMetrics.prototype, name, {
    get(this: PackedMetrics) {
      return this.get(name, slot);
    },
  });

/** A SKU's metrics as name–value pairs, packed or not (a plain object in its keys' order). */
export function metricEntries(metrics: SkuMetrics): [string, MetricValue][] {
  if (metrics instanceof PackedMetrics) return metrics.entries();
  return Object.entries(metrics as Record<string, MetricValue>);
}

/** `metrics` with `extra` set over it: a new value, packed or not as `metrics` is. */
export function withMetrics(metrics: SkuMetrics, extra: SkuMetrics): SkuMetrics {
  if (metrics instanceof PackedMetrics) return metrics.with(extra);
  const out: SkuMetrics = {};
  const from = metrics as Record<string, MetricValue>;
  const to = out as Record<string, MetricValue>;
  // Key by key, not spread: a spread of some 30 metrics is a hash table of its own (1.2 KB a SKU).
  for (const name in from) to[name] = from[name] as MetricValue;
  for (const name in extra) to[name] = (extra as Record<string, MetricValue>)[name] as MetricValue;
  return out;
}
