/**
 * Reads what the store holds about every SKU for one or more windows in a single ordered scan
 * a table: each table's rows of the span the windows cover, in SKU then date order, merged SKU
 * by SKU with the `skus` table, so memory holds one SKU's rows at a time however many SKUs the
 * store has. The window being evaluated, its reference window and a year-ago window come from
 * the same rows (one read, not three). Daily rows and forecasts, most of a store, come a row a
 * SKU: the engine aggregates each SKU's days into lists (daily-lists.ts), so Node never holds an
 * object a SKU-day. The same queries serve SQLite and PostgreSQL: both order
 * `sku` the same way in every table, and ingest refuses rows of a SKU that skus.csv lacks — a
 * row the merge could not place is an error, never a silent loss.
 */
import { Interner } from "../collections.js";
import { sql } from "kysely";
import type { CompiledQuery, Kysely, RawBuilder } from "kysely";
import type {
  DailySeries,
  DecisionObservation,
  MetricWindow,
  PurchaseOrderObservation,
  SkuObservations,
} from "../metrics/observations.js";
import { dateOfDay, dayNumber } from "../dates.js";
import { windowDays } from "../metrics/censored-demand.js";
import {
  DAILY_LIST_COLUMNS,
  dailySeriesFromLists,
  daysOf,
  forecastsFromLists,
} from "./daily-lists.js";
import type { Database } from "./database.js";
import { SKU_COLUMNS } from "../vocabulary/sku-columns.js";
import type { Store } from "./open-store.js";
import { UsageError } from "../errors.js";

/** A query's rows as arrays (columns in select order), a batch at a time, in the query's order. */
export type Scan = (query: ScanQuery) => ScanBatches;

/**
 * A query to scan, and (for a key that orders it uniquely) the same query a page at a time: the
 * `limit` rows after `after` (the last row of the page before; undefined for the first). A
 * driver pages where that beats iterating (better-sqlite3's `all` on pages is faster than its
 * row-by-row iterator); PostgreSQL takes the whole query through a cursor.
 */
export interface ScanQuery {
  query: CompiledQuery;
  page?: (after: readonly unknown[] | undefined, limit: number) => CompiledQuery;
  /** Rows a batch, where a row is large (a SKU's lists): the driver's own otherwise. */
  batch?: number;
}

/** Batches of rows: a synchronous driver's (SQLite) or one that waits for each (PostgreSQL). */
export type ScanBatches =
  Iterable<readonly (readonly unknown[])[]> | AsyncIterable<readonly (readonly unknown[])[]>;

/**
 * The SKUs `from` (inclusive) up to `before` (exclusive) in the store's order of SKU ids, either
 * end open: one shard of a read split across threads (the ranges of a split partition the SKUs).
 */
export interface SkuRange {
  from?: string;
  before?: string;
}

/** The condition that a row's SKU lies in `range` (one end or both; none: every row). */
function skuIn(range: SkuRange): RawBuilder<boolean> {
  const { from, before } = range;
  if (from !== undefined && before !== undefined)
    return sql<boolean>`sku >= ${from} and sku < ${before}`;
  if (from !== undefined) return sql<boolean>`sku >= ${from}`;
  if (before !== undefined) return sql<boolean>`sku < ${before}`;
  return sql<boolean>`1 = 1`;
}

const bounded = (range: SkuRange): boolean =>
  range.from !== undefined || range.before !== undefined;

/** A window to read, with the days of forecasts past its end to read too. */
export interface ScanWindow extends MetricWindow {
  forecastDaysAhead?: number;
}

const codeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The span the windows cover: days, and forecasts up to the furthest day ahead. */
function spanOf(windows: readonly ScanWindow[]): { from: string; to: string; forecastsTo: string } {
  const ends = windows.map((w) => dayNumber(w.to) + (w.forecastDaysAhead ?? 0));
  return {
    from: windows.map((w) => w.from).reduce((a, b) => (b < a ? b : a)),
    to: windows.map((w) => w.to).reduce((a, b) => (b > a ? b : a)),
    forecastsTo: dateOfDay(Math.max(...ends)),
  };
}

/** Rows of a dated table in (sku, date) order, that key paging it. */
function byDate(
  db: Kysely<Database>,
  table: "decisions",
  columns: readonly string[],
  from: string,
  to: string,
  range: SkuRange,
): ScanQuery {
  const base = (skus: SkuRange) =>
    db
      .selectFrom(table)
      .select(columns as "sku"[])
      .where("date", ">=", from)
      .where("date", "<=", to)
      .$if(bounded(skus), (q) => q.where(skuIn(skus)))
      .orderBy("sku")
      .orderBy("date");
  // After a page, its last key bounds the range from below: SQLite then seeks to that key (given
  // the range's lower bound too, it scanned from there for every page).
  const rest = range.before !== undefined ? { before: range.before } : {};
  return {
    query: base(range).compile(),
    page: (after, limit) =>
      (after
        ? base(rest).where(sql<boolean>`(sku, date) > (${after[0]}, ${after[1]})`)
        : base(range)
      )
        .limit(limit)
        .compile(),
  };
}

/**
 * SKUs a batch of lists hands over: while a batch is worked through, its SKUs' metrics are
 * computed, so a batch of 1,024 (some 3 MB of lists) outlived the young generation and was
 * promoted to the old one: 140 MB at 50k SKUs, a peak 20–25 MB higher than at 256 (measured).
 * With a reference window, a SKU's lists are twice as long and its metrics computed twice: at
 * 256, 91 MB of batches were promoted at 50k SKUs × 365 days, at 128, 15 MB (as at 90 days).
 */
const LIST_ROWS_BATCH = 128;

/**
 * A dated table's rows of the span as a row a SKU of lists (daily-lists.ts): the engine walks
 * the SKU-days, Node reads a row a SKU. `string_agg` is PostgreSQL's and SQLite's (≥ 3.44)
 * alike. `columns` are the date, then the values (`nullable` may be null: an empty item).
 */
function dayLists(
  db: Kysely<Database>,
  table: "daily" | "forecasts",
  columns: { values: readonly string[]; nullable: readonly string[] },
  span: { from: string; to: string },
  range: SkuRange,
): ScanQuery {
  const list = (column: string): RawBuilder<string> => {
    const text = sql`cast(${sql.ref(column)} as text)`;
    const item = columns.nullable.includes(column) ? sql`coalesce(${text}, '')` : text;
    return sql<string>`string_agg(${item}, ',')`;
  };
  return {
    query: db
      .selectFrom(table as "daily")
      .select(["sku", list("date").as("date"), ...columns.values.map((c) => list(c).as(c))])
      .where("date", ">=", span.from)
      .where("date", "<=", span.to)
      .$if(bounded(range), (q) => q.where(skuIn(range)))
      .groupBy("sku")
      .orderBy("sku")
      .compile(),
    batch: LIST_ROWS_BATCH,
  };
}

/** One query a table, each ordered by SKU (then date): the merge reads them side by side. */
function scanQueries(db: Kysely<Database>, span: ReturnType<typeof spanOf>, range: SkuRange) {
  const { from, to, forecastsTo } = span;
  const shard = bounded(range);
  return {
    skus: {
      query: db
        .selectFrom("skus")
        .select([...SKU_COLUMNS, "attributes"])
        .$if(shard, (q) => q.where(skuIn(range)))
        .orderBy("sku")
        .compile(),
    },
    daily: dayLists(
      db,
      "daily",
      { values: DAILY_LIST_COLUMNS.slice(1), nullable: ["on_hand", "stockout", "lost_units"] },
      { from, to },
      range,
    ),
    orders: {
      query: db
        .selectFrom("purchase_orders")
        .select(["sku", "po", "ordered_on", "expected_on", "received_on", "qty", "expedited"])
        .where("ordered_on", "<=", to)
        .$if(shard, (q) => q.where(skuIn(range)))
        .orderBy("sku")
        .orderBy("ordered_on")
        .compile(),
    },
    decisions: byDate(
      db,
      "decisions",
      ["sku", "date", "recommended_qty", "ordered_qty", "planner"],
      from,
      to,
      range,
    ),
    forecasts: dayLists(
      db,
      "forecasts",
      { values: ["forecast_units"], nullable: [] },
      { from, to: forecastsTo },
      range,
    ),
    expedites: {
      query: db
        .selectFrom("events")
        .select(["sku", "date"])
        .where("kind", "=", sql.lit("expedite"))
        .where("sku", "is not", null)
        .where("date", ">=", from)
        .where("date", "<=", to)
        .$if(shard, (q) => q.where(skuIn(range)))
        .orderBy("sku")
        .orderBy("date")
        .compile(),
    },
  };
}

type Row = readonly unknown[];

/** One table's ordered rows, taken a SKU at a time. */
class TableCursor {
  private batch: readonly Row[] = [];
  private at = 0;
  private done = false;
  private readonly batches: Iterator<readonly Row[]> | AsyncIterator<readonly Row[]>;

  constructor(
    readonly table: string,
    rows: ScanBatches,
  ) {
    this.batches =
      Symbol.asyncIterator in rows ? rows[Symbol.asyncIterator]() : rows[Symbol.iterator]();
  }

  /** The next row, or undefined at the end (fetching the next batch when needed). */
  private async head(): Promise<Row | undefined> {
    while (this.at >= this.batch.length && !this.done) {
      const next = await this.batches.next();
      if (next.done) this.done = true;
      else {
        this.batch = next.value;
        this.at = 0;
      }
    }
    return this.batch[this.at];
  }

  /**
   * Every row of `sku`, which must be the next SKU this table holds rows of (or hold none). Rows
   * of the batch at hand are taken without waiting: only a batch boundary awaits the driver.
   */
  async take(sku: string): Promise<Row[]> {
    const rows: Row[] = [];
    for (;;) {
      const { batch } = this;
      while (this.at < batch.length && (batch[this.at] as Row)[0] === sku)
        rows.push(batch[this.at++] as Row);
      if (this.at < batch.length) return rows;
      const row = await this.head();
      if (row === undefined || row[0] !== sku) return rows;
    }
  }

  /** Stops reading (the query's statement or cursor is closed). */
  async close(): Promise<void> {
    await this.batches.return?.();
  }

  /** A row is left: its SKU is not in skus, or the tables disagree on the order of SKUs. */
  async leftover(): Promise<string | undefined> {
    const row = await this.head();
    return row === undefined ? undefined : String(row[0]);
  }
}

/** Rows whose date (column `at`) lies in the window, from rows in date order. */
function within(rows: readonly Row[], at: number, from: string, to: string): Row[] {
  const out: Row[] = [];
  for (const r of rows) {
    const d = r[at] as string;
    if (d > to) break;
    if (d >= from) out.push(r);
  }
  return out;
}

const order = (r: Row): PurchaseOrderObservation => ({
  po: r[1] as string,
  ordered: r[2] as string,
  expected: r[3] as string | null,
  received: r[4] as string | null,
  qty: r[5] as number,
  expedited: r[6] as number | null,
});

const decision = (r: Row): DecisionObservation => ({
  date: r[1] as string,
  recommended: r[2] as number,
  ordered: r[3] as number,
  planner: r[4] as string | null,
});

/** Columns whose texts name groups (many SKUs share each): one string a distinct text. */
const GROUPING = new Set<string>(["supplier", "category", "segment"]);

/** The skus row's columns with its attributes, as rules see them (columns win on a clash). */
function skuColumns(row: Row, texts: Interner): Record<string, string | number | null> {
  const attributes = JSON.parse(row[SKU_COLUMNS.length] as string) as Record<string, string>;
  const columns: Record<string, string | number | null> = {};
  for (const [name, value] of Object.entries(attributes)) columns[name] = texts.intern(value);
  SKU_COLUMNS.forEach((c, i) => {
    const value = row[i] as string | number | null;
    columns[c] = GROUPING.has(c) && typeof value === "string" ? texts.intern(value) : value;
  });
  return columns;
}

interface SkuRows {
  sku: Row;
  /** The daily rows of the whole span, a value a day from its first. */
  daily: DailySeries;
  /** Day number of the span's first day. */
  firstDay: number;
  orders: Row[];
  decisions: Row[];
  /** The forecast each day from the span's first to the furthest day ahead (NaN: none). */
  forecasts: Float64Array;
  expedites: Row[];
}

/** One SKU's observations for one window, from its rows of the whole span. */
function windowOfRows(
  rows: SkuRows,
  columns: Readonly<Record<string, string | number | null>>,
  w: ScanWindow,
): SkuObservations {
  const sku = rows.sku;
  const from = dayNumber(w.from) - rows.firstDay;
  return {
    sku: sku[0] as string,
    columns,
    unitCost: sku[1] as number,
    unitPrice: sku[3] as number | null,
    plannedLeadTimeDays: sku[2] as number,
    daily: daysOf(rows.daily, from, windowDays(w)),
    purchaseOrders: rows.orders
      .filter((r) => (r[2] as string) <= w.to)
      .map(order)
      .sort((a, b) => codeUnits(a.ordered, b.ordered) || codeUnits(a.po, b.po)),
    decisions: within(rows.decisions, 1, w.from, w.to).map(decision),
    forecasts: rows.forecasts.subarray(from, from + windowDays(w) + (w.forecastDaysAhead ?? 0)),
    expediteEvents: within(rows.expedites, 1, w.from, w.to).length,
  };
}

/**
 * Every SKU's observations for each window (in the order given), SKU by SKU in the store's
 * order of SKUs; with a window's `forecastDaysAhead`, its forecasts for that many days past its
 * end too; with `range`, its SKUs only. Throws when a table holds rows of a SKU the skus table
 * lacks.
 */
export async function* scanObservations(
  db: Kysely<Database>,
  scan: Scan,
  windows: readonly ScanWindow[],
  range: SkuRange = {},
): AsyncGenerator<SkuObservations[]> {
  if (windows.length === 0) return;
  const span = spanOf(windows);
  const q = scanQueries(db, span, range);
  const tables = {
    daily: new TableCursor("daily", scan(q.daily)),
    orders: new TableCursor("purchase_orders", scan(q.orders)),
    decisions: new TableCursor("decisions", scan(q.decisions)),
    forecasts: new TableCursor("forecasts", scan(q.forecasts)),
    expedites: new TableCursor("events", scan(q.expedites)),
  };
  const texts = new Interner();
  const firstDay = dayNumber(span.from);
  const spanDays = dayNumber(span.to) - firstDay + 1;
  const forecastDays = dayNumber(span.forecastsTo) - firstDay + 1;
  try {
    for await (const batch of scan(q.skus))
      for (const sku of batch) {
        const id = sku[0] as string;
        const rows: SkuRows = {
          sku,
          daily: dailySeriesFromLists(
            (await tables.daily.take(id))[0]?.slice(1),
            firstDay,
            spanDays,
          ),
          firstDay,
          orders: await tables.orders.take(id),
          decisions: await tables.decisions.take(id),
          forecasts: forecastsFromLists(
            (await tables.forecasts.take(id))[0]?.slice(1),
            firstDay,
            forecastDays,
          ),
          expedites: await tables.expedites.take(id),
        };
        // One set of columns for every window: the SKU's attributes are parsed once.
        const columns = skuColumns(sku, texts);
        yield windows.map((w) => windowOfRows(rows, columns, w));
      }
    for (const cursor of Object.values(tables)) {
      const left = await cursor.leftover();
      if (left !== undefined)
        throw new UsageError(
          `the store's ${cursor.table} table holds rows of SKU ${JSON.stringify(left)}, which its skus table ` +
            "lacks: the store was not written by `stockpolicy ingest`",
        );
    }
  } finally {
    for (const cursor of Object.values(tables)) await cursor.close();
  }
}

/** Every SKU's observations for each window, collected from one snapshot (small stores, tests). */
export async function collectObservations(
  store: Pick<Store, "read">,
  windows: readonly ScanWindow[],
): Promise<SkuObservations[][]> {
  return store.read(async (db, scan) => {
    const out: SkuObservations[][] = [];
    for await (const perWindow of scanObservations(db, scan, windows)) out.push(perWindow);
    return out;
  });
}
