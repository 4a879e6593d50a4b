import type { Insertable } from "kysely";
import { describe, expect, it } from "vitest";
import type { SkusTable } from "../../src/store/database.js";
import { dumpStore } from "../../src/store/dump-store.js";
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
