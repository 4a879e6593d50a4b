/**
 * Reads what the store holds about each SKU for a window, a chunk of SKUs at a time, so that
 * 50k SKUs never sit in memory at once. The same kysely queries serve SQLite and PostgreSQL;
 * results are ordered in JavaScript, since the two order text differently.
 */
import type { Kysely } from "kysely";
import type { MetricWindow, SkuObservations } from "../metrics/observations.js";
import { pushTo } from "../collections.js";
import type { Database } from "./database.js";
import { dateOfDay, dayNumber } from "../dates.js";

export const CHUNK_SKUS = 100;

const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The first and last dates with daily data, else with any outcome (both undefined when there is none). */
export async function readDateRange(
  db: Kysely<Database>,
): Promise<{ first: string | undefined; last: string | undefined }> {
  const row = await db
    .selectFrom("daily")
    .select((eb) => [eb.fn.min("date").as("first"), eb.fn.max("date").as("last")])
    .executeTakeFirst();
  if (row?.first && row.last) return { first: row.first, last: row.last };
  return readOtherDateRange(db);
}

/**
 * Without daily data, the dates of what happened elsewhere: orders placed and received,
 * decisions and events (not forecasts, which may lie ahead). A supply-side export (purchase
 * orders only) can still be evaluated on lead times.
 */
async function readOtherDateRange(
  db: Kysely<Database>,
): Promise<{ first: string | undefined; last: string | undefined }> {
  const ranges = await Promise.all([
    db
      .selectFrom("purchase_orders")
      .select((eb) => [eb.fn.min("ordered_on").as("first"), eb.fn.max("received_on").as("last")])
      .executeTakeFirst(),
    db
      .selectFrom("purchase_orders")
      .select((eb) => [eb.fn.min("ordered_on").as("first"), eb.fn.max("ordered_on").as("last")])
      .executeTakeFirst(),
    db
      .selectFrom("decisions")
      .select((eb) => [eb.fn.min("date").as("first"), eb.fn.max("date").as("last")])
      .executeTakeFirst(),
    db
      .selectFrom("events")
      .select((eb) => [eb.fn.min("date").as("first"), eb.fn.max("date").as("last")])
      .executeTakeFirst(),
  ]);
  const firsts = ranges.map((r) => r?.first).filter((d): d is string => typeof d === "string");
  const lasts = ranges.map((r) => r?.last).filter((d): d is string => typeof d === "string");
  return {
    first: firsts.length ? firsts.reduce((a, b) => (b < a ? b : a)) : undefined,
    last: lasts.length ? lasts.reduce((a, b) => (b > a ? b : a)) : undefined,
  };
}

/** The last date with data (daily, else any outcome): the default as-of date. */
export async function readLastDate(db: Kysely<Database>): Promise<string | undefined> {
  return (await readDateRange(db)).last;
}

/** Every SKU id the store holds (skus.csv rows), in no particular order. */
export async function readSkuIds(db: Kysely<Database>): Promise<string[]> {
  return (await db.selectFrom("skus").select("sku").execute()).map((r) => r.sku);
}

/** One chunk of SKUs' rows from every table, for the window (forecasts up to `forecastsTo`). */
async function readChunk(
  db: Kysely<Database>,
  chunk: string[],
  window: MetricWindow,
  forecastsTo: string,
) {
  const [skus, daily, orders, decisions, forecasts, expedites] = await Promise.all([
    db.selectFrom("skus").selectAll().where("sku", "in", chunk).execute(),
    // Selected under the observations' own names, so rows need no second copy.
    db
      .selectFrom("daily")
      .select([
        "sku",
        "date",
        "units_sold as sold",
        "on_hand as onHand",
        "stockout",
        "lost_units as lost",
      ])
      .where("sku", "in", chunk)
      .where("date", ">=", window.from)
      .where("date", "<=", window.to)
      .execute(),
    db
      .selectFrom("purchase_orders")
      .select([
        "sku",
        "po",
        "ordered_on as ordered",
        "expected_on as expected",
        "received_on as received",
        "qty",
        "expedited",
      ])
      .where("sku", "in", chunk)
      .where("ordered_on", "<=", window.to)
      .execute(),
    db
      .selectFrom("decisions")
      .select([
        "sku",
        "date",
        "recommended_qty as recommended",
        "ordered_qty as ordered",
        "planner",
      ])
      .where("sku", "in", chunk)
      .where("date", ">=", window.from)
      .where("date", "<=", window.to)
      .execute(),
    db
      .selectFrom("forecasts")
      .select(["sku", "date", "forecast_units as forecast"])
      .where("sku", "in", chunk)
      .where("date", ">=", window.from)
      .where("date", "<=", forecastsTo)
      .execute(),
    db
      .selectFrom("events")
      .select(["sku", (eb) => eb.fn.countAll().as("n")])
      .where("kind", "=", "expedite")
      .where("sku", "in", chunk)
      .where("date", ">=", window.from)
      .where("date", "<=", window.to)
      .groupBy("sku")
      .execute(),
  ]);
  return { skus, daily, orders, decisions, forecasts, expedites };
}

/** Rows by SKU. */
function bySku<T extends { sku: string }>(rows: readonly T[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const r of rows) pushTo(map, r.sku, r);
  return map;
}

/**
 * Every SKU's observations for the window, in SKU order (code units), chunk by chunk; with
 * `forecastDaysAhead`, the forecasts for that many days past the window's end too.
 */
export async function* readObservations(
  db: Kysely<Database>,
  window: MetricWindow,
  options: { chunkSize?: number; forecastDaysAhead?: number } = {},
): AsyncGenerator<SkuObservations> {
  const chunkSize = options.chunkSize ?? CHUNK_SKUS;
  const forecastsTo = dateOfDay(dayNumber(window.to) + (options.forecastDaysAhead ?? 0));
  const all = (await readSkuIds(db)).sort(byCodeUnits);
  for (let start = 0; start < all.length; start += chunkSize) {
    const chunk = all.slice(start, start + chunkSize);
    const rows = await readChunk(db, chunk, window, forecastsTo);
    const dailyBy = bySku(rows.daily);
    const ordersBy = bySku(rows.orders);
    const decisionsBy = bySku(rows.decisions);
    const forecastsBy = bySku(rows.forecasts);
    const expeditesBy = new Map(rows.expedites.map((e) => [e.sku as string, Number(e.n)]));
    for (const s of rows.skus.sort((a, b) => byCodeUnits(a.sku, b.sku))) {
      const { attributes, ...columns } = s;
      const forecasts = (forecastsBy.get(s.sku) ?? []).sort((a, b) => byCodeUnits(a.date, b.date));
      const inWindow = forecasts.filter((f) => f.date <= window.to);
      yield {
        sku: s.sku,
        columns: { ...(JSON.parse(attributes) as Record<string, string>), ...columns },
        unitCost: s.unit_cost,
        unitPrice: s.unit_price,
        plannedLeadTimeDays: s.lead_time_days,
        daily: (dailyBy.get(s.sku) ?? []).sort((a, b) => byCodeUnits(a.date, b.date)),
        purchaseOrders: (ordersBy.get(s.sku) ?? []).sort(
          (a, b) => byCodeUnits(a.ordered, b.ordered) || byCodeUnits(a.po, b.po),
        ),
        decisions: (decisionsBy.get(s.sku) ?? []).sort((a, b) => byCodeUnits(a.date, b.date)),
        forecasts: inWindow,
        forecastsAhead: forecasts.slice(inWindow.length),
        expediteEvents: expeditesBy.get(s.sku) ?? 0,
      };
    }
  }
}
