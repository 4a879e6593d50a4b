/**
 * Migrations in code, applied in order by kysely's Migrator. Each is frozen once released:
 * change the schema by adding a migration, never by editing one.
 */
import { PostgresAdapter, sql } from "kysely";
import type { Kysely, Migration, MigrationProvider } from "kysely";

/** 0001: skus, daily and purchase orders (with their index). */
async function createSupplyTables(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("skus")
    .addColumn("sku", "text", (c) => c.primaryKey())
    .addColumn("unit_cost", "double precision", (c) => c.notNull())
    .addColumn("lead_time_days", "double precision", (c) => c.notNull())
    .addColumn("unit_price", "double precision")
    .addColumn("supplier", "text")
    .addColumn("category", "text")
    .addColumn("name", "text")
    .addColumn("moq", "double precision")
    .addColumn("case_pack", "double precision")
    .addColumn("segment", "text")
    .addColumn("attributes", "text", (c) => c.notNull().defaultTo("{}"))
    .execute();
  await db.schema
    .createTable("daily")
    .addColumn("sku", "text", (c) => c.notNull())
    .addColumn("date", "text", (c) => c.notNull())
    .addColumn("units_sold", "double precision", (c) => c.notNull())
    .addColumn("on_hand", "double precision")
    .addColumn("stockout", "integer")
    .addColumn("lost_units", "double precision")
    .addPrimaryKeyConstraint("daily_pk", ["sku", "date"])
    .execute();
  await db.schema
    .createTable("purchase_orders")
    .addColumn("po", "text", (c) => c.notNull())
    .addColumn("sku", "text", (c) => c.notNull())
    .addColumn("ordered_on", "text", (c) => c.notNull())
    .addColumn("qty", "double precision", (c) => c.notNull())
    .addColumn("expected_on", "text")
    .addColumn("received_on", "text")
    .addColumn("received_qty", "double precision")
    .addColumn("expedited", "integer")
    .addColumn("supplier", "text")
    .addPrimaryKeyConstraint("purchase_orders_pk", ["po", "sku"])
    .execute();
  await db.schema
    .createIndex("purchase_orders_sku")
    .on("purchase_orders")
    .columns(["sku", "ordered_on"])
    .execute();
}

/** 0001: decisions, forecasts, events, and the evaluation runs with their findings. */
async function createDecisionAndRunTables(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("decisions")
    .addColumn("sku", "text", (c) => c.notNull())
    .addColumn("date", "text", (c) => c.notNull())
    .addColumn("recommended_qty", "double precision", (c) => c.notNull())
    .addColumn("ordered_qty", "double precision", (c) => c.notNull())
    .addColumn("planner", "text")
    .addColumn("reason", "text")
    .addColumn("policy_version", "text")
    .addPrimaryKeyConstraint("decisions_pk", ["sku", "date"])
    .execute();
  await db.schema
    .createTable("forecasts")
    .addColumn("sku", "text", (c) => c.notNull())
    .addColumn("date", "text", (c) => c.notNull())
    .addColumn("forecast_units", "double precision", (c) => c.notNull())
    .addPrimaryKeyConstraint("forecasts_pk", ["sku", "date"])
    .execute();
  await db.schema
    .createTable("events")
    .addColumn("event_key", "text", (c) => c.primaryKey())
    .addColumn("date", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("sku", "text")
    .addColumn("cost", "double precision")
    .addColumn("note", "text")
    .execute();
  await db.schema
    .createTable("evaluation_runs")
    // Ids are assigned by the writer (max + 1 inside its transaction): portable across dialects.
    .addColumn("id", "integer", (c) => c.primaryKey())
    .addColumn("as_of", "text", (c) => c.notNull())
    .addColumn("window_from", "text", (c) => c.notNull())
    .addColumn("window_to", "text", (c) => c.notNull())
    .addColumn("policies_digest", "text", (c) => c.notNull())
    .addColumn("summary", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createTable("findings")
    .addColumn("run_id", "integer", (c) =>
      c.notNull().references("evaluation_runs.id").onDelete("cascade"),
    )
    .addColumn("finding_id", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("severity", "text", (c) => c.notNull())
    .addColumn("scope", "text", (c) => c.notNull())
    .addColumn("subject", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("finding", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("findings_pk", ["run_id", "finding_id"])
    .execute();
}

const m0001: Migration = {
  async up(db: Kysely<unknown>) {
    await createSupplyTables(db);
    await createDecisionAndRunTables(db);
  },
};

/**
 * 0002: run ids from the database. SQLite's INTEGER PRIMARY KEY already is the rowid, assigned
 * on insert; PostgreSQL gets a sequence as the column's default (it once took max + 1, and one
 * of four concurrent runs failed on the primary key and was lost).
 */
const m0002: Migration = {
  async up(db: Kysely<unknown>) {
    if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
    const seq = sql.raw("evaluation_runs_id_seq");
    await sql`create sequence ${seq} owned by evaluation_runs.id`.execute(db);
    const next = sql`coalesce((select max(id) from evaluation_runs), 0) + 1`;
    await sql`select setval('evaluation_runs_id_seq', ${next}, false)`.execute(db);
    await sql`alter table evaluation_runs alter column id set default nextval('evaluation_runs_id_seq')`.execute(
      db,
    );
  },
};

/** The tables read in (sku, date) order, a row a SKU-day: nine tenths of a store's rows. */
const DATED_TABLES = ["daily", "decisions", "forecasts"] as const;

/**
 * 0003: SQLite keeps the dated tables' rows in their key's order (WITHOUT ROWID): a scan in
 * (sku, date) order reads the table itself from start to end, instead of the key's index and a
 * lookup of every row in a table of its own; the file holds each row once, not twice. Each table
 * is copied into its new form, then swapped in, in one transaction (SQLite's DDL is
 * transactional; kysely runs SQLite migrations outside one). A table already in that form is
 * left alone. PostgreSQL keeps its tables: its scans are by index either way.
 */
const m0003: Migration = {
  async up(db: Kysely<unknown>) {
    if (db.getExecutor().adapter instanceof PostgresAdapter) return;
    await sql`begin immediate`.execute(db);
    try {
      for (const table of DATED_TABLES) await clusterByKey(db, table);
      await sql`commit`.execute(db);
    } catch (e) {
      await sql`rollback`.execute(db);
      throw e;
    }
  },
};

/** Rebuilds one SQLite table as WITHOUT ROWID with the same columns, key and rows. */
async function clusterByKey(db: Kysely<unknown>, table: string): Promise<void> {
  const { rows } = await sql<{ sql: string }>`
    select sql from sqlite_schema where type = 'table' and name = ${table}`.execute(db);
  const ddl = rows[0]?.sql;
  if (ddl === undefined || /\bwithout\s+rowid\s*$/i.test(ddl)) return;
  const next = `${table}_by_key`;
  // The same definition under another name: the CREATE TABLE text of the table as it stands.
  const created = ddl.replace(/^create table (if not exists )?"?\w+"?/i, `create table "${next}"`);
  await sql.raw(`${created} without rowid`).execute(db);
  await sql.raw(`insert into "${next}" select * from "${table}" order by sku, date`).execute(db);
  await sql.raw(`drop table "${table}"`).execute(db);
  await sql.raw(`alter table "${next}" rename to "${table}"`).execute(db);
}

export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  "0001_outcomes_and_runs": m0001,
  "0002_run_ids_from_the_database": m0002,
  "0003_dated_rows_in_key_order": m0003,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve({ ...MIGRATIONS }),
};

/** Every migration this version knows, by name. */
export const MIGRATION_NAMES: readonly string[] = Object.keys(MIGRATIONS).sort();
