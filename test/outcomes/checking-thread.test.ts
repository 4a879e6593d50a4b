/**
 * Ingest checks files in a worker thread beside the one that writes (the compiled code, as the
 * CLI runs it) or in its own thread: the same rows must reach the store in the same order, and
 * the same report must come back, whatever the data — many batches, invalid rows, skipped ones,
 * a mapping, a file refused.
 */
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { ingest } from "../../dist/outcomes/ingest.js";
import { dumpStore } from "../../dist/store/dump-store.js";
import { openStore } from "../../dist/store/open-store.js";
import { packRows, unpackRows } from "../../src/outcomes/packed-rows.js";
import { tempDir } from "../helpers/cli.js";
import { dataset, sharedDataset } from "../helpers/data.js";
import { demoCopy } from "../helpers/demo-cache.js";

/** The report and the store's dump after ingesting `dir` with or without the checking thread. */
async function ingestWith(
  dir: string,
  threads: boolean,
  options: { skipInvalid?: boolean } = {},
): Promise<{ report: unknown; dump: string }> {
  const store = await openStore(path.join(tempDir(), "outcomes.db"));
  try {
    const report = await ingest(store, dir, { ...options, threads, today: "2100-01-01" });
    return { report, dump: await dumpStore(store) };
  } finally {
    await store.close();
  }
}

async function expectSameBothWays(dir: string, options: { skipInvalid?: boolean } = {}) {
  const inWorker = await ingestWith(dir, true, options);
  const inThread = await ingestWith(dir, false, options);
  expect(inWorker.report).toEqual(inThread.report);
  expect(inWorker.dump).toBe(inThread.dump);
  return inWorker;
}

describe("checking files in a worker thread", () => {
  it("loads the demo company's files (many batches of rows each) exactly as in one thread", async () => {
    const dir = path.join(demoCopy(tempDir(), "small"), "data");
    const { report, dump } = await expectSameBothWays(dir);
    const r = report as { written: boolean; files: { rows: number; inserted: number }[] };
    expect(r.written).toBe(true);
    // More rows than one batch (4,096): batches in flight and waiting were both exercised.
    expect(r.files.reduce((s, f) => s + f.rows, 0)).toBeGreaterThan(4 * 4096);
    expect(dump.length).toBeGreaterThan(0);
  });

  it("rejects invalid rows, or skips them, with the same problems and the same rows written", async () => {
    const rows = Array.from(
      { length: 9000 },
      (_, i) => `2026-01-${String((i % 28) + 1).padStart(2, "0")},A${i >> 5},${i % 7},,0,`,
    );
    rows[5000] = "2026-01-02,A1,-3,,0,"; // a negative quantity deep inside the file
    rows[8000] = "2026-13-01,A2,1,,0,"; // an impossible date
    const skus = Array.from({ length: 300 }, (_, i) => `A${i},1,5`).join("\n");
    const dir = dataset({
      "skus.csv": `sku,unit_cost,lead_time_days\n${skus}\n`,
      "daily.csv": `date,sku,units_sold,on_hand,stockout,lost_units\n${[...new Set(rows)].join("\n")}\n`,
      "purchase_orders.csv": null,
      "decisions.csv": null,
      "forecasts.csv": null,
      "events.csv": null,
    });
    const rejected = await expectSameBothWays(dir);
    expect((rejected.report as { written: boolean; invalid: number }).written).toBe(false);
    expect((rejected.report as { invalid: number }).invalid).toBeGreaterThanOrEqual(2);
    const skipped = await expectSameBothWays(dir, { skipInvalid: true });
    expect((skipped.report as { written: boolean }).written).toBe(true);
  });

  it("loads a real export and refuses a file that is not UTF-8, as in one thread", async () => {
    await expectSameBothWays(sharedDataset("freshretail-sample"));
    const dir = dataset();
    writeFileSync(path.join(dir, "forecasts.csv"), Buffer.from([0x64, 0x61, 0xff, 0xfe, 0x0a]));
    const refused = await expectSameBothWays(dir);
    expect((refused.report as { written: boolean }).written).toBe(false);
  });
});

describe("rows packed between threads", () => {
  it("come back as they went: texts of any characters, numbers of any value, nulls", () => {
    const rows = [
      ['A,\u0000\n"', 1.5, null, -0, ""],
      ["😀", Number.MAX_VALUE, 0, null, "x"],
      ["", -1e-300, null, null, "2026-01-01"],
    ];
    const back = unpackRows(packRows(rows, 5));
    expect(back).toEqual(rows);
    expect(Object.is(back[0]?.[3], -0)).toBe(true);
    expect(() => packRows([[true]], 1)).toThrow(/text, a number or null/);
  });
});
