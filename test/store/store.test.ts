import Database from "better-sqlite3";
import { Kysely, Migrator, SqliteDialect } from "kysely";
import type { Insertable } from "kysely";
import { describe, expect, it } from "vitest";
import type { SkusTable } from "../../src/store/database.js";
import { dumpStore } from "../../src/store/dump-store.js";
import { MIGRATIONS } from "../../src/store/migrations.js";
import { openStore } from "../../src/store/open-store.js";
import { DIALECTS, freshStore } from "../helpers/stores.js";

/** A skus row with only the required values. */
const skuRow = (sku: string): Insertable<SkusTable> => ({
  sku,
  unit_cost: 1,
  lead_time_days: 5,
  unit_price: null,
  supplier: null,
  category: null,
  name: null,
  moq: null,
  case_pack: null,
  segment: null,
  attributes: "{}",
});

const COLUMNS = ["sku", "date", "units_sold", "on_hand", "stockout", "lost_units"];
const KEY = ["sku", "date"];

describe.each(DIALECTS)("store on %s", (dialect) => {
  it("migrates once and opens again without change", async () => {
    const target = await freshStore(dialect);
    const first = await openStore(target);
    await first.close();
    const second = await openStore(target);
    expect(await dumpStore(second)).toBe("");
    await second.close();
  });

  it("upserts idempotently, counting inserted, updated and unchanged", async () => {
    const store = await openStore(await freshStore(dialect));
    try {
      await store.write(async (tx) => {
        await tx.db.insertInto("skus").values(skuRow("A")).execute();
      });
      // 250 rows: more than one SQLite batch (100), fewer than one PostgreSQL batch (1000).
      const rows = (offset: number, n: number, sold: (i: number) => number): unknown[][] =>
        Array.from({ length: n }, (_, i) => [
          "A",
          `2026-${String(Math.floor((offset + i) / 28) + 1).padStart(2, "0")}-${String(((offset + i) % 28) + 1).padStart(2, "0")}`,
          sold(offset + i),
          null,
          null,
          null,
        ]);
      const load = (data: unknown[][]) =>
        store.write(async (tx) => {
          const up = tx.upserter("daily", COLUMNS, KEY);
          for (const r of data) await up.add(r);
          return up.finish();
        });
      expect(await load(rows(0, 250, () => 1))).toEqual({
        inserted: 250,
        updated: 0,
        unchanged: 0,
      });
      expect(await load(rows(0, 250, () => 1))).toEqual({
        inserted: 0,
        updated: 0,
        unchanged: 250,
      });
      // 10 changed, 240 the same, 30 new
      expect(await load(rows(0, 280, (i) => (i < 10 ? 2 : 1)))).toEqual({
        inserted: 30,
        updated: 10,
        unchanged: 240,
      });
      const n = await store.db
        .selectFrom("daily")
        .select((eb) => eb.fn.countAll().as("n"))
        .executeTakeFirstOrThrow();
      expect(Number(n.n)).toBe(280);
    } finally {
      await store.close();
    }
  });

  it("rolls back rows copied straight into an empty table when the load fails", async () => {
    const store = await openStore(await freshStore(dialect));
    try {
      await store.write(async (tx) => {
        await tx.db.insertInto("skus").values(skuRow("A")).execute();
      });
      const before = await dumpStore(store);
      await expect(
        store.write(async (tx) => {
          const up = tx.upserter("daily", COLUMNS, KEY);
          await up.add(["A", "2026-01-01", 3, null, null, null]);
          expect(await up.finish()).toEqual({ inserted: 1, updated: 0, unchanged: 0 });
          throw new Error("boom");
        }),
      ).rejects.toThrow("boom");
      expect(await dumpStore(store)).toBe(before);
    } finally {
      await store.close();
    }
  });

  it("rolls a failed write back entirely", async () => {
    const store = await openStore(await freshStore(dialect));
    try {
      const before = await dumpStore(store);
      await expect(
        store.write(async (tx) => {
          await tx.db.insertInto("skus").values(skuRow("X")).execute();
          throw new Error("boom");
        }),
      ).rejects.toThrow("boom");
      expect(await dumpStore(store)).toBe(before);
    } finally {
      await store.close();
    }
  });
});

describe("a SQLite store made before its dated tables were kept in key order", () => {
  /** A store with only the migrations before 0003 applied, and rows in every dated table. */
  async function olderStore(): Promise<string> {
    const file = await freshStore("sqlite");
    const raw = new Database(file);
    const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: raw }) });
    const older = Object.fromEntries(Object.entries(MIGRATIONS).filter(([name]) => name < "0003"));
    const { error } = await new Migrator({
      db,
      provider: { getMigrations: () => Promise.resolve(older) },
    }).migrateToLatest();
    expect(error).toBeUndefined();
    raw.exec(`insert into skus (sku, unit_cost, lead_time_days) values ('B', 1, 5), ('A', 2, 7)`);
    // Rows inserted out of key order: the rebuilt table must hold them all, in key order.
    raw.exec(`insert into daily (sku, date, units_sold) values
      ('B', '2026-01-02', 4), ('A', '2026-01-02', 1), ('B', '2026-01-01', 3), ('A', '2026-01-01', 2)`);
    raw.exec(`insert into decisions (sku, date, recommended_qty, ordered_qty, planner)
      values ('A', '2026-01-01', 5, 7, 'kim')`);
    raw.exec(`insert into forecasts (sku, date, forecast_units) values ('B', '2026-01-03', 2.5)`);
    await db.destroy();
    return file;
  }

  const definitions = (file: string): Record<string, string> => {
    const raw = new Database(file, { readonly: true });
    try {
      const rows = raw
        .prepare(`select name, sql from sqlite_schema where type = 'table' order by name`)
        .all() as { name: string; sql: string }[];
      return Object.fromEntries(rows.map((r) => [r.name, r.sql]));
    } finally {
      raw.close();
    }
  };

  it("is upgraded by a writer: the same rows, in tables without rowids, opened again unchanged", async () => {
    const file = await olderStore();
    expect(definitions(file).daily).not.toMatch(/without rowid/i);
    const raw0 = new Database(file, { readonly: true });
    const before = ["daily", "decisions", "forecasts"].map((t) =>
      raw0.prepare(`select * from ${t} order by sku, date`).all(),
    );
    raw0.close();
    // A reader refuses an older schema: it must not change the file it was asked to read.
    await expect(openStore(file, { access: "read" })).rejects.toThrow(/older stockpolicy/);
    const store = await openStore(file, { access: "write" });
    const dump = await dumpStore(store);
    await store.close();
    const tables = definitions(file);
    for (const t of ["daily", "decisions", "forecasts"]) {
      expect(tables[t]).toMatch(/without rowid$/i);
      expect(tables[t]).toMatch(/primary key \("sku", "date"\)/);
    }
    expect(Object.keys(tables).filter((t) => t.endsWith("_by_key"))).toEqual([]);
    const raw = new Database(file, { readonly: true });
    const after = ["daily", "decisions", "forecasts"].map((t) =>
      raw.prepare(`select * from ${t}`).all(),
    );
    raw.close();
    expect(after).toEqual(before);
    // Opening it again changes nothing.
    const again = await openStore(file, { access: "write" });
    expect(await dumpStore(again)).toBe(dump);
    await again.close();
    expect(definitions(file)).toEqual(tables);
  });
});
