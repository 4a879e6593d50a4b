/**
 * The same hand-computed fixture as sku-metrics.test.ts, written as contract CSVs, loaded by the
 * real CLI into SQLite and PostgreSQL, and read back: the metrics agree exactly.
 */
import pg from "pg";
import { describe, expect, it } from "vitest";
import { computeSkuMetrics } from "../../src/metrics/sku-metrics.js";
import { openStore } from "../../src/store/open-store.js";
import { readLastDate } from "../../src/store/read-observations.js";
import { collectObservations } from "../../src/store/scan-observations.js";
import { runCli } from "../helpers/cli.js";
import { dataset } from "../helpers/data.js";
import { DIALECTS, freshStore } from "../helpers/stores.js";
import { LOST, SKU, WINDOW } from "./fixture.js";
import { observationsIn } from "../../src/metrics/observations.js";
import type { SkuObservations } from "../../src/metrics/observations.js";

const FILES = {
  "skus.csv": "sku,unit_cost,lead_time_days,unit_price,line\nA1,2.5,10,6,core\nB2,1,5,,tail\n",
  "daily.csv": [
    "date,sku,units_sold,on_hand,stockout,lost_units",
    "2026-01-01,A1,4,10,,",
    "2026-01-02,A1,6,4,,",
    "2026-01-03,A1,2,0,,",
    "2026-01-04,A1,5,20,,",
    "2026-01-08,A1,3,17,0,",
    "2026-01-14,A1,4,13,,",
    "2025-12-31,A1,99,99,,", // outside the window
    "2026-01-20,B2,1,1,,", // after it: sets the last date, not A1's metrics
  ].join("\n"),
  "purchase_orders.csv": [
    "po,sku,ordered_on,qty,expected_on,received_on,received_qty,expedited",
    "P1,A1,2025-12-20,10,2025-12-30,2026-01-04,10,0",
    "P2,A1,2025-12-28,10,2026-01-07,2026-01-08,10,0",
    "P3,A1,2025-12-25,10,,,,0",
    "P4,A1,2026-01-10,10,2026-01-20,,,0",
    "P5,A1,2025-11-01,10,2025-11-11,2025-11-11,10,0",
    "P6,A1,2026-01-16,10,,,,1", // ordered after the window: ignored
  ].join("\n"),
  "decisions.csv": [
    "date,sku,recommended_qty,ordered_qty,planner",
    "2026-01-01,A1,10,10,ana",
    "2026-01-02,A1,10,12,ana",
    "2026-01-03,A1,20,21,ana",
    "2026-01-04,A1,20,15,ana",
    "2026-01-05,A1,0,5,ana",
    "2026-01-06,A1,0,0,ana",
  ].join("\n"),
  "forecasts.csv": "date,sku,forecast_units\n2026-01-01,A1,5\n2026-01-02,A1,5\n2026-01-03,A1,5\n",
  "events.csv":
    "date,kind,sku,cost\n2026-01-09,expedite,A1,40\n2026-01-09,transfer,A1,10\n2025-12-01,expedite,A1,40\n",
};

describe.each(DIALECTS)("metrics read from the %s store", (dialect) => {
  it("agree exactly with the hand-computed fixture", async () => {
    const db = await freshStore(dialect);
    const load = runCli(["ingest", dataset(FILES, {}), "--db", db]);
    expect(load.stderr).toBe("");
    const store = await openStore(db);
    try {
      expect(await readLastDate(store.db)).toBe("2026-01-20");
      const read = (await collectObservations(store, [WINDOW])).map(([o]) => o as SkuObservations);
      expect(read.map((o) => o.sku)).toEqual(["A1", "B2"]);
      const a1 = read[0];
      expect(a1?.columns).toMatchObject({
        sku: "A1",
        unit_cost: 2.5,
        lead_time_days: 10,
        unit_price: 6,
        line: "core",
      });
      const fromStore = computeSkuMetrics(a1 as NonNullable<typeof a1>, WINDOW, {
        overrideThreshold: 0.1,
      });
      const byHand = computeSkuMetrics(observationsIn(SKU, WINDOW), WINDOW, {
        overrideThreshold: 0.1,
      });
      expect(fromStore).toEqual(byHand);
      expect(fromStore.fillRate?.value).toBeCloseTo(24 / (24 + LOST), 12);
    } finally {
      await store.close();
    }
  });

  it("reads several windows in one scan exactly as each alone", async () => {
    const db = await freshStore(dialect);
    expect(runCli(["ingest", dataset(FILES, {}), "--db", db]).stderr).toBe("");
    const store = await openStore(db);
    try {
      const windows = [
        { ...WINDOW, forecastDaysAhead: 3 },
        { from: "2025-11-01", to: "2026-01-05" },
        { from: "2026-01-10", to: "2026-01-20" },
      ];
      const together = await collectObservations(store, windows);
      expect(together).toHaveLength(2);
      for (const [i, w] of windows.entries()) {
        const alone = (await collectObservations(store, [w])).map((os) => os[0]);
        expect(together.map((os) => os[i])).toEqual(alone);
      }
      const a1 = together[0] ?? [];
      // Each window holds its own days only; forecasts ahead only where asked for.
      expect(a1[0]?.daily.sold).toHaveLength(14);
      expect(a1[1]?.daily.sold).toHaveLength(66);
      expect(a1[0]?.expediteEvents).toBe(1);
      expect(a1[1]?.expediteEvents).toBe(1);
      expect(a1[2]?.expediteEvents).toBe(0);
      expect(a1[0]?.forecasts).toHaveLength(14 + 3);
      expect(a1[1]?.forecasts).toHaveLength(66);
    } finally {
      await store.close();
    }
  });

  it("reads every number back exactly, whatever the server rounds numbers to by default", async () => {
    const db = await freshStore(dialect);
    const exact = [0.30000000000000004, 1.2345678901234567, 1e-7 + 1e-22];
    const files = {
      ...FILES,
      "daily.csv": [
        "date,sku,units_sold,on_hand,stockout,lost_units",
        ...exact.map((v, i) => `2026-01-0${i + 1},A1,${v},${v},,${v}`),
      ].join("\n"),
    };
    expect(runCli(["ingest", dataset(files, {}), "--db", db]).stderr).toBe("");
    if (dialect === "postgres") {
      const name = new URL(db).pathname.slice(1);
      const client = new pg.Client({ connectionString: db });
      await client.connect();
      await client.query(`alter database ${name} set extra_float_digits = 0`);
      await client.end();
    }
    const store = await openStore(db);
    try {
      const [a1] = (await collectObservations(store, [WINDOW]))[0] ?? [];
      for (const column of [a1?.daily.sold, a1?.daily.onHand, a1?.daily.lost])
        expect([...(column ?? [])].slice(0, 3)).toEqual(exact);
    } finally {
      await store.close();
    }
  });

  it("refuses rows of a SKU its skus table lacks, instead of losing them", async () => {
    const db = await freshStore(dialect);
    expect(runCli(["ingest", dataset(FILES, {}), "--db", db]).stderr).toBe("");
    const store = await openStore(db);
    try {
      await store.db
        .insertInto("daily")
        .values({
          sku: "A0-ORPHAN",
          date: "2026-01-02",
          units_sold: 1,
          on_hand: 1,
          stockout: 0,
          lost_units: null,
        })
        .execute();
      await expect(collectObservations(store, [WINDOW])).rejects.toThrow(
        /daily table holds rows of SKU "A0-ORPHAN", which its skus table lacks/,
      );
    } finally {
      await store.close();
    }
  });
});
