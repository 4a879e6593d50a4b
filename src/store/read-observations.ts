/**
 * Reads the store's date range and SKU ids; the observations themselves are read by one ordered
 * scan a table (scan-observations.ts).
 */
import type { Kysely } from "kysely";
import type { Database } from "./database.js";

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
