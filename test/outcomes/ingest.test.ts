/**
 * `stockpolicy ingest` through the real CLI, on SQLite and PostgreSQL: good files load
 * idempotently; every malformed file is rejected with exit 2, its file, line and column, and
 * leaves the store exactly as it was (a full dump compared before and after).
 */
import pg from "pg";
import { describe, expect, it } from "vitest";
import { openStore } from "../../src/store/open-store.js";
import { runCli, tempDir } from "../helpers/cli.js";
import { SMALL, dataset, sharedDataset } from "../helpers/data.js";
import { DIALECTS, PG_ADMIN_URL, dumpAt, freshStore } from "../helpers/stores.js";

/** Every index of a PostgreSQL store's own tables, by name, with its definition. */
async function indexesAt(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const r = await client.query<{ indexname: string; indexdef: string }>(
      "select indexname, indexdef from pg_indexes where schemaname = 'public' order by indexname",
    );
    return r.rows.map((i) => `${i.indexname}: ${i.indexdef}`);
  } finally {
    await client.end();
  }
}

const edit = (file: string, from: string, to: string): Record<string, string> => {
  const text = SMALL[file] as string;
  if (!text.includes(from)) throw new Error(`fixture edit not found in ${file}: ${from}`);
  return { [file]: text.replace(from, to) };
};

interface Case {
  name: string;
  changes: Record<string, string | null>;
  /** "FILE:LINE: COLUMN" expected among the problems. */
  at: string;
}

/** 120 rows of daily.csv (A1 and B2 for 60 days from 2026-01-01): enough to judge a far date. */
const LONG_DAILY = [
  "date,sku,units_sold,on_hand,stockout,lost_units",
  ...Array.from({ length: 60 }, (_, d) =>
    ["A1", "B2"].map(
      (sku) => `${new Date(Date.UTC(2026, 0, 1 + d)).toISOString().slice(0, 10)},${sku},2,20,0,`,
    ),
  ).flat(),
  "",
].join("\n");

const MALFORMED: Case[] = [
  {
    name: "negative quantity",
    changes: edit("daily.csv", "2026-01-01,A1,3,", "2026-01-01,A1,-3,"),
    at: "daily.csv:2: units_sold",
  },
  {
    name: "impossible date",
    changes: edit("daily.csv", "2026-01-01,A1,3", "2026-02-30,A1,3"),
    at: "daily.csv:2: date",
  },
  {
    name: "date after today",
    changes: edit("daily.csv", "2026-01-01,A1,3", "9999-12-31,A1,3"),
    at: "daily.csv:2: date",
  },
  {
    name: "unknown SKU",
    changes: edit("daily.csv", "2026-01-02,A1", "2026-01-02,Z9"),
    at: "daily.csv:3: sku",
  },
  {
    name: "received before ordered",
    changes: edit("purchase_orders.csv", "2025-12-16", "2025-11-30"),
    at: "purchase_orders.csv:2: received_on",
  },
  {
    name: "missing required column",
    changes: { "daily.csv": "date,sku,on_hand\n2026-01-01,A1,4\n" },
    at: "daily.csv:1: units_sold",
  },
  {
    name: "misspelt column",
    changes: edit("daily.csv", "units_sold,on_hand", "units_sold,on_hnd"),
    at: "daily.csv:1: on_hnd",
  },
  {
    name: "non-numeric field",
    changes: edit("daily.csv", "2026-01-02,A1,5,35", "2026-01-02,A1,5,lots"),
    at: "daily.csv:3: on_hand",
  },
  {
    name: "empty required value",
    changes: edit("decisions.csv", "2026-01-01,A1,20,30", "2026-01-01,A1,,30"),
    at: "decisions.csv:2: recommended_qty",
  },
  {
    name: "flag that is not 0 or 1",
    changes: edit("daily.csv", "2026-01-01,B2,0,0,1", "2026-01-01,B2,0,0,yes"),
    at: "daily.csv:4: stockout",
  },
  {
    name: "unknown event kind",
    changes: edit("events.csv", ",expedite,", ",airfreight,"),
    at: "events.csv:2: kind",
  },
  {
    name: "lead time of zero",
    changes: edit("skus.csv", "A1,2.5,14", "A1,2.5,0"),
    at: "skus.csv:2: lead_time_days",
  },
  {
    // capital = units × cost overflowed to Infinity, and the charts drew NaN
    name: "a cost of 1e308",
    changes: edit("skus.csv", "A1,2.5,14", "A1,1e308,14"),
    at: "skus.csv:2: unit_cost",
  },
  {
    name: "order quantity of zero",
    changes: edit("purchase_orders.csv", "P1,A1,2025-12-01,50", "P1,A1,2025-12-01,0"),
    at: "purchase_orders.csv:2: qty",
  },
  {
    name: "unterminated quote",
    changes: edit("skus.csv", '"Blocks, big"', '"Blocks, big'),
    at: "skus.csv:2: row",
  },
  {
    name: "quote inside an unquoted field",
    changes: edit("forecasts.csv", "2026-01-02,A1,4.5", '2026-01-02,A1,4"5'),
    at: "forecasts.csv:3: row",
  },
  {
    name: "wrong delimiter",
    changes: { "forecasts.csv": "date;sku;forecast_units\n2026-01-01;A1;4\n" },
    at: "forecasts.csv:1: header",
  },
  {
    name: "duplicate key",
    changes: { "daily.csv": `${SMALL["daily.csv"]}2026-01-01,A1,9,40,0,\n` },
    at: "daily.csv:6: date, sku",
  },
  {
    name: "duplicate SKU",
    changes: { "skus.csv": `${SMALL["skus.csv"]}A1,3,14,6,Acme,blocks,again,,core\n` },
    at: "skus.csv:5: sku",
  },
  {
    name: "wrong number of fields",
    changes: edit("decisions.csv", "2026-01-01,B2,100,100,ben,,7", "2026-01-01,B2,100,100,ben"),
    at: "decisions.csv:3: row",
  },
  { name: "empty file", changes: { "forecasts.csv": "" }, at: "forecasts.csv:1: header" },
  {
    // the rest ends on 2026-03-01; one row two months later would move the default as-of there
    name: "a date far beyond the rest of the file",
    changes: { "daily.csv": `${LONG_DAILY}2026-05-01,A1,1,10,0,\n` },
    at: "daily.csv:122: date",
  },
  {
    name: "expected before ordered",
    changes: edit("purchase_orders.csv", "2025-11-01,100,2026-01-01", "2025-11-01,100,2025-10-01"),
    at: "purchase_orders.csv:3: expected_on",
  },
];

describe.each(DIALECTS)("ingest on %s", (dialect) => {
  it("loads every contract file, then a reload changes nothing", async () => {
    const db = await freshStore(dialect);
    const data = dataset();
    const first = runCli(["ingest", data, "--db", db]);
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("daily.csv: 4 rows — 4 inserted, 0 updated, 0 unchanged");
    expect(first.stdout).toContain("events.csv: 2 rows — 2 inserted, 0 updated, 0 unchanged");
    const loaded = await dumpAt(db);
    expect(loaded).toContain('"attributes":"{\\"line\\":\\"core\\"}"');
    expect(loaded).toContain('"name":"Spare \\"wheel\\""');
    const again = runCli(["ingest", data, "--db", db]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("daily.csv: 4 rows — 0 inserted, 0 updated, 4 unchanged");
    expect(await dumpAt(db)).toBe(loaded);
  });

  it("replaces a row whose key exists and counts it as updated", async () => {
    const db = await freshStore(dialect);
    runCli(["ingest", dataset(), "--db", db]);
    const r = runCli([
      "ingest",
      dataset(edit("daily.csv", "2026-01-02,A1,5,35", "2026-01-02,A1,6,35")),
      "--db",
      db,
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("daily.csv: 4 rows — 0 inserted, 1 updated, 3 unchanged");
  });

  it("reads headers in any order and case, a BOM, CRLF and quoted fields", async () => {
    const plain = await freshStore(dialect);
    runCli(["ingest", dataset(), "--db", plain]);
    const odd = await freshStore(dialect);
    const daily =
      '\uFEFFOn_Hand,SKU,Date,Lost_Units,Units_Sold,Stockout\r\n40,A1,2026-01-01,,3,0\r\n35,"A1",2026-01-02,,5,0\r\n0,B2,2026-01-01,2,0,1\r\n10,B2,2026-01-02,,1,0\r\n';
    const r = runCli(["ingest", dataset({ "daily.csv": daily }), "--db", odd]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(await dumpAt(odd)).toBe(await dumpAt(plain));
  });

  it.each(MALFORMED)(
    "rejects $name, naming file, line and column, and writes nothing",
    async ({ changes, at }) => {
      const db = await freshStore(dialect);
      expect(runCli(["ingest", dataset(), "--db", db]).code).toBe(0);
      const before = await dumpAt(db);
      const data = dataset(changes);
      const r = runCli(["ingest", data, "--db", db]);
      expect(r.code).toBe(2);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(r.stderr).toContain(`${data}/${at}: expected `);
      expect(r.stderr).toContain("nothing written");
      expect(await dumpAt(db)).toBe(before);
    },
  );

  it("rejects a folder without skus.csv", async () => {
    const db = await freshStore(dialect);
    const r = runCli(["ingest", dataset({ "skus.csv": null }), "--db", db]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/expected skus\.csv in .*, found none/);
  });

  it("lists every problem of a file up to 50, then counts the rest", async () => {
    const db = await freshStore(dialect);
    const lines = Array.from(
      { length: 70 },
      (_, i) => `2026-01-${String((i % 28) + 1).padStart(2, "0")},Z${i},1,,,`,
    );
    const r = runCli([
      "ingest",
      dataset({
        "daily.csv": `date,sku,units_sold,on_hand,stockout,lost_units\n${lines.join("\n")}\n`,
      }),
      "--db",
      db,
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr.match(/daily\.csv:\d+: sku: expected a SKU listed in skus\.csv/g)?.length).toBe(
      50,
    );
    expect(r.stderr).toContain("… and 20 more problems");
  });

  it("checks without writing on --dry-run", async () => {
    const db = await freshStore(dialect);
    const before = await dumpAt(db);
    const r = runCli(["ingest", dataset(), "--db", db, "--dry-run"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("dry run: every row is valid; nothing written");
    expect(await dumpAt(db)).toBe(before);
  });

  it("loads the valid rows with --skip-invalid and lists the others", async () => {
    const db = await freshStore(dialect);
    const r = runCli([
      "ingest",
      dataset(edit("daily.csv", "2026-01-02,A1,5,35", "2026-01-02,A1,-5,35")),
      "--db",
      db,
      "--skip-invalid",
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(
      'daily.csv:3: units_sold: expected a number ≥ 0 and at most 1e12, found "-5"',
    );
    expect(r.stdout).toContain(
      "daily.csv: 4 rows, 1 invalid (skipped) — 3 inserted, 0 updated, 0 unchanged",
    );
  });

  it("does not skip a date far beyond the rest of its file with --skip-invalid", async () => {
    const db = await freshStore(dialect);
    const data = dataset({ "daily.csv": `${LONG_DAILY}2026-05-01,A1,1,10,0,\n` });
    const r = runCli(["ingest", data, "--db", db, "--skip-invalid"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      "daily.csv:122: date: expected a date near the rest of the file (its other rows end on 2026-03-01), " +
        "found 2026-05-01: 61 days later, on 1 row",
    );
    expect(r.stderr + r.stdout).toContain(
      "1 date(s) far beyond the rest of their file; nothing written",
    );
    // the same rows, the far one fixed, load
    expect(
      runCli([
        "ingest",
        dataset({ "daily.csv": `${LONG_DAILY}2026-03-02,A1,1,10,0,\n` }),
        "--db",
        db,
      ]).code,
    ).toBe(0);
  });

  it("loads the real FreshRetail sample (fractional units, stock-out flags)", async () => {
    const db = await freshStore(dialect);
    const r = runCli([
      "ingest",
      sharedDataset("freshretail-sample"),
      "--db",
      db,
      "--format",
      "json",
    ]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as {
      files: { file: string; rows: number; inserted: number }[];
    };
    expect(out.files.map((f) => [f.file.split("/").pop(), f.rows, f.inserted])).toEqual([
      ["skus.csv", 291, 291],
      ["daily.csv", 26190, 26190],
    ]);
  });

  it("rejects the real SCMS purchase orders on their 5 impossible lines, and loads the rest with --skip-invalid", async () => {
    const db = await freshStore(dialect);
    const data = sharedDataset("scms");
    const rejected = runCli(["ingest", data, "--db", db]);
    expect(rejected.code).toBe(2);
    const lines = [
      ...rejected.stderr.matchAll(
        /purchase_orders\.csv:(\d+): received_on: expected a date on or after ordered_on/g,
      ),
    ].map((m) => Number(m[1]));
    expect(lines).toEqual([318, 342, 769, 1455, 2946]);
    expect(await dumpAt(db)).toBe("");
    const loaded = runCli(["ingest", data, "--db", db, "--skip-invalid"]);
    expect(loaded.code).toBe(0);
    expect(loaded.stdout).toContain(
      "purchase_orders.csv: 4592 rows, 5 invalid (skipped) — 4587 inserted",
    );
  });
});

describe.runIf(PG_ADMIN_URL)("ingest into new PostgreSQL tables", () => {
  it("copies with no index, then builds each index and key back as the migrations made it", async () => {
    const db = await freshStore("postgres");
    await (await openStore(db)).close();
    const migrated = await indexesAt(db);
    expect(migrated).toContainEqual(expect.stringMatching(/^daily_pk: .*\(sku, date\)/));
    expect(runCli(["ingest", dataset(), "--db", db]).code).toBe(0);
    expect(await indexesAt(db)).toEqual(migrated);
    // The keys hold again: a second load of the same rows upserts them, it does not add them.
    const again = runCli(["ingest", dataset(), "--db", db]);
    expect(again.stdout).toContain("daily.csv: 4 rows — 0 inserted, 0 updated, 4 unchanged");
  });
});

describe("ingest's store location", () => {
  it("defaults to $STOCKPOLICY_DB, else .stockpolicy/outcomes.db under the working directory", async () => {
    const cwd = tempDir();
    const fromEnv = `${tempDir()}/env.db`;
    expect(
      runCli(["ingest", dataset()], { cwd, env: { STOCKPOLICY_DB: fromEnv } }).stdout,
    ).toContain(`loaded into ${fromEnv}`);
    expect(await dumpAt(fromEnv)).toContain("skus ");
    const plain = runCli(["ingest", dataset()], { cwd, env: { STOCKPOLICY_DB: "" } });
    expect(plain.stdout).toContain(`loaded into ${cwd}/.stockpolicy/outcomes.db`);
  });

  it("exits 2 when the data folder does not exist", () => {
    const r = runCli(["ingest", "no-such-folder", "--db", `${tempDir()}/x.db`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("stockpolicy: data folder not found: no-such-folder\n");
  });
});
