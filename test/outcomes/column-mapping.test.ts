/**
 * Column mappings through the real CLI: a store platform's and an ERP's exports load as they
 * are (test/fixtures/mapping/), and a mistyped mapping is exit 2 at its line, before any store
 * is made.
 */
import { cpSync, existsSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { convertDate } from "../../src/outcomes/column-mapping.js";
import { openStore } from "../../src/store/open-store.js";
import { ROOT, runCli, tempDir } from "../helpers/cli.js";

const example = (name: string): string => {
  const dir = path.join(tempDir(), name);
  cpSync(path.join(ROOT, "test", "fixtures", "mapping", name), dir, { recursive: true });
  return dir;
};

async function rows(db: string, query: string): Promise<unknown[]> {
  const store = await openStore(db, { cwd: ROOT, access: "read" });
  try {
    return await store.read(async (k) => (await sql.raw(query).execute(k)).rows);
  } finally {
    await store.close();
  }
}

describe("column mappings", () => {
  it("load a store platform's product and daily sales exports as they are", async () => {
    const data = example("store-platform");
    const db = path.join(tempDir(), "s.db");
    const r = runCli(["ingest", data, "--db", db]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      /^products_export\.csv \(as skus\.csv\): 3 rows .*attributes kept for rules: handle$/m,
    );
    expect(r.stdout).toMatch(/^sales_by_day\.csv \(as daily\.csv\): 90 rows — 90 inserted/m);
    expect(
      await rows(
        db,
        "select sku, unit_cost, unit_price, supplier, name from skus where sku = 'YOYO-01'",
      ),
    ).toEqual([
      { sku: "YOYO-01", unit_cost: 3.1, unit_price: 12, supplier: "Spinco", name: 'Yo-yo "pro"' },
    ]);
    // the timestamp's date, and Sold out as a stockout, Low stock as in stock
    expect(
      await rows(
        db,
        "select date, stockout, on_hand from daily where sku = 'KITE-02' and date in ('2026-03-08', '2026-03-12') order by date",
      ),
    ).toEqual([
      { date: "2026-03-08", stockout: 0, on_hand: 3 },
      { date: "2026-03-12", stockout: 1, on_hand: 0 },
    ]);
  });

  it("load an ERP's material master and purchase-order lines, dates day.month.year, X for express", async () => {
    const data = example("erp");
    const db = path.join(tempDir(), "e.db");
    const r = runCli(["ingest", data, "--db", db]);
    expect(r.code, r.stderr).toBe(0);
    expect(
      await rows(
        db,
        "select po, ordered_on, expected_on, received_on, expedited from purchase_orders order by po",
      ),
    ).toEqual([
      {
        po: "4500001",
        ordered_on: "2026-01-05",
        expected_on: "2026-03-06",
        received_on: "2026-03-10",
        expedited: 0,
      },
      {
        po: "4500002",
        ordered_on: "2026-02-02",
        expected_on: "2026-04-03",
        received_on: "2026-04-02",
        expedited: 1,
      },
      {
        po: "4500003",
        ordered_on: "2026-01-12",
        expected_on: "2026-01-26",
        received_on: "2026-01-27",
        expedited: 0,
      },
      {
        po: "4500004",
        ordered_on: "2026-02-09",
        expected_on: "2026-02-23",
        received_on: null,
        expedited: 0,
      },
    ]);
  });

  it("a date the mapping's format does not fit is a row problem at its line", () => {
    const data = example("erp");
    writeFileSync(
      path.join(data, "po_lines.csv"),
      "Purchasing Doc,Material,Doc Date,Order Qty,Express\n4500001,M-1000,5/1/2026,40,\n",
    );
    const r = runCli(["ingest", data, "--db", path.join(tempDir(), "e.db")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /po_lines\.csv:2: ordered_on: expected a real date YYYY-MM-DD, found "5\/1\/2026"/,
    );
  });

  it("a mistyped mapping is exit 2 at its line and column, every problem at once, no store made", () => {
    const data = example("store-platform");
    writeFileSync(
      path.join(data, "mapping.yaml"),
      [
        "apiVersion: stockpolicy/v1",
        "kind: ColumnMapping",
        "files:",
        "  skus.csv:",
        "    from: products_export.csv",
        "    columns: { sku: Variant SKU, unitcost: Cost per item }",
        "  daily.csv:",
        "    from: ../../etc/passwd.csv",
        "    dates: DD-MM-YY",
        "  sales.csv: {}",
        "",
      ].join("\n"),
    );
    const db = path.join(tempDir(), "never.db");
    const r = runCli(["ingest", data, "--db", db]);
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split("\n");
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /mapping\.yaml:6:\d+: unknown-field: .*found "unitcost"; did you mean "unit_cost"\?/,
        ),
        expect.stringMatching(
          /mapping\.yaml:8:11: invalid-value: expected files\.daily\.csv\.from/,
        ),
        expect.stringMatching(
          /mapping\.yaml:9:12: invalid-value: expected files\.daily\.csv\.dates to be YYYY-MM-DD or/,
        ),
        expect.stringMatching(/mapping\.yaml:10:3: unknown-field: .*found "sales\.csv"/),
      ]),
    );
    expect(existsSync(db)).toBe(false);
  });

  it("converts each date format, leaving what does not fit for the row check", () => {
    expect(convertDate("31/12/2026", "DD/MM/YYYY")).toBe("2026-12-31");
    expect(convertDate("12/31/2026", "MM/DD/YYYY")).toBe("2026-12-31");
    expect(convertDate("1.2.2026", "DD.MM.YYYY")).toBe("2026-02-01");
    expect(convertDate("20261231", "YYYYMMDD")).toBe("2026-12-31");
    expect(convertDate("2026-12-31T23:59:00Z", "ISO-DATETIME")).toBe("2026-12-31");
    expect(convertDate("31/12/2026", "MM/DD/YYYY")).toBe("2026-31-12"); // not a date: the row check says so
    expect(convertDate("yesterday", "DD/MM/YYYY")).toBe("yesterday");
  });
});
