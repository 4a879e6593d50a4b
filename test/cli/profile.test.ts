/** `stockpolicy profile` through the real CLI, on the real FreshRetail sample and on hostile SKU ids. */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import type { DataProfile } from "../../src/governance/data-profile.js";
import { dataset, sharedDataset } from "../helpers/data.js";
import { runCli, tempDir } from "../helpers/cli.js";

const fresh = sharedDataset("freshretail-sample");
const rows = (file: string): string[][] =>
  readFileSync(path.join(fresh, file), "utf8")
    .trim()
    .split("\n")
    .slice(1)
    .map((l) => l.split(","));

describe("stockpolicy profile", () => {
  // run from a folder with no policies: a profile is what the first policies are written from
  const cwd = tempDir();

  it("says what each file covers and which metrics the data supports, and why not", () => {
    const r = runCli(["profile", "--data", fresh, "--format", "json"], { cwd });
    expect(r.code, r.stderr).toBe(0);
    const p = JSON.parse(r.stdout) as DataProfile;
    const daily = rows("daily.csv");
    const dates = daily.map((d) => d[0] ?? "").sort();
    expect(p.files.find((f) => f.file === "daily.csv")).toMatchObject({
      rows: daily.length,
      skus: new Set(daily.map((d) => d[1])).size,
      from: dates[0],
      to: dates[dates.length - 1],
    });
    expect(p.skus).toHaveLength(rows("skus.csv").length);
    const support = (m: string) => p.metrics.find((x) => x.metric === m);
    // no purchase orders and no decisions in this data set: said, with the SKUs it holds for
    expect(support("leadTimeDays")).toMatchObject({
      measurable: 0,
      reasons: [{ skus: p.skus.length }],
    });
    expect(support("overrideRate")?.reasons[0]?.reason).toMatch(/no decision/);
    expect(support("fillRate")?.measurable).toBeGreaterThan(p.skus.length / 2);
    const one = p.skus[0]?.metrics.fillRate;
    expect(one?.n).toBeGreaterThan(0);
  });

  it("as a table: files, support and the SKUs holding most capital", () => {
    const r = runCli(["profile", "--data", fresh], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      /^stockpolicy profile as of 2024-06-25 \(window 2024-03-28 – 2024-06-25\): 291 SKUs/,
    );
    expect(r.stdout).toMatch(
      /daily\.csv +[\d,]+ +291 +2024-03-28 – 2024-06-25 +on_hand 0%, stockout 100%/,
    );
    expect(r.stdout).toMatch(
      /leadTimeDays +0 of 291 +no purchase order placed in the window \(291\)/,
    );
    expect(r.stdout).toContain("… and 271 more: --format csv or json lists every SKU");
  });

  it("as CSV: one row a SKU, every metric and its n, text made inert for spreadsheets", () => {
    const data = dataset({
      "skus.csv": 'sku,unit_cost,lead_time_days\n"=HYPERLINK(""x"")",2,7\nB2,3,7\n',
      "daily.csv":
        'date,sku,units_sold,on_hand\n2026-01-01,"=HYPERLINK(""x"")",3,40\n2026-01-01,B2,1,10\n',
      "purchase_orders.csv": null,
      "decisions.csv": null,
      "forecasts.csv": null,
      "events.csv": null,
    });
    const out = path.join(tempDir(), "profile.csv");
    const r = runCli(["profile", "--data", data, "--format", "csv", "--out", out], { cwd });
    expect(r.code, r.stderr).toBe(0);
    const lines = readFileSync(out, "utf8").trim().split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^sku,demandMean,demandMean_n,/);
    // in code-unit order of the ids: "=" sorts before "B"
    expect(lines[1]).toMatch(/^"'=HYPERLINK\(""x""\)",3,1,/);
    expect(lines[2]).toMatch(/^B2,1,1,/);
  });
});
