/**
 * The demo company: `stockpolicy demo` writes contract CSVs that load, the same seed writes
 * the same bytes, and the injected episodes are there only when asked for.
 */
import { cpSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import SQLite from "better-sqlite3";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ROOT, runCli, tempDir } from "./helpers/cli.js";
import { demoCopy } from "./helpers/demo-cache.js";

const files = (dir: string): Record<string, string> =>
  Object.fromEntries(
    readdirSync(path.join(dir, "data"))
      .sort()
      .map((f) => [f, readFileSync(path.join(dir, "data", f), "utf8")]),
  );

let withEpisodes: string;
let without: string;

beforeAll(() => {
  withEpisodes = path.join(tempDir(), "kitebird");
  without = path.join(tempDir(), "kitebird-calm");
  // written by the real `demo` in the global setup, once for every test file
  demoCopy(withEpisodes, "episodes");
  demoCopy(without, "calm");
});

describe("stockpolicy demo", () => {
  it("writes every contract file, its policies, and a loaded store", () => {
    expect(Object.keys(files(withEpisodes))).toEqual([
      "daily.csv",
      "decisions.csv",
      "events.csv",
      "forecasts.csv",
      "purchase_orders.csv",
      "skus.csv",
    ]);
    expect(readdirSync(path.join(withEpisodes, "policies", "segments")).sort()).toEqual([
      "clearance.yaml",
      "long-tail.yaml",
      "seasonal-hero.yaml",
      "steady-core.yaml",
      "trend.yaml",
    ]);
    const db = new SQLite(path.join(withEpisodes, "outcomes.db"), { readonly: true });
    const n = (sql: string): number => (db.prepare(sql).get() as { n: number }).n;
    expect(n("select count(*) as n from skus")).toBe(300);
    // two years of daily rows for every SKU, ending on the fixed date
    expect(n("select count(*) as n from daily")).toBe(300 * 730);
    expect(db.prepare("select min(date) as a, max(date) as b from daily").get()).toEqual({
      a: "2024-11-01",
      b: "2026-10-31",
    });
    db.close();
  });

  it("writes the same bytes for the same seed", { timeout: 90_000 }, () => {
    const again = path.join(tempDir(), "kitebird");
    expect(runCli(["demo", again]).code).toBe(0);
    expect(files(again)).toEqual(files(withEpisodes));
  });

  it("writes different data for another seed", () => {
    const other = path.join(tempDir(), "kitebird");
    expect(runCli(["demo", other, "--seed", "7", "--skus", "30"]).code).toBe(0);
    expect(files(other)["daily.csv"]).not.toEqual(files(withEpisodes)["daily.csv"]);
  });

  it("injects the port congestion: overseas orders due after August arrive late or not at all", () => {
    const query = (dir: string, sql: string): number => {
      const db = new SQLite(path.join(dir, "outcomes.db"), { readonly: true });
      const row = db.prepare(sql).get() as { v: number };
      db.close();
      return row.v;
    };
    const overdue =
      "select count(*) as v from purchase_orders where sku like 'KB-H%' and received_on is null and expected_on < '2026-10-31'";
    const late =
      "select avg(julianday(received_on) - julianday(expected_on)) as v from purchase_orders where sku like 'KB-H%' and expected_on >= '2026-08-01' and received_on is not null";
    expect(query(withEpisodes, overdue)).toBeGreaterThan(10);
    expect(query(without, overdue)).toBeLessThanOrEqual(2);
    expect(query(withEpisodes, late)).toBeGreaterThan(10); // even though most of them were expedited
    expect(query(without, late)).toBeLessThan(3);
  });

  it("injects the habitual overrider: dana overrides about half of her recommendations", () => {
    const rate = (dir: string, planner: string): number => {
      const db = new SQLite(path.join(dir, "outcomes.db"), { readonly: true });
      const row = db
        .prepare(
          "select avg(abs(ordered_qty - recommended_qty) * 1.0 / recommended_qty > 0.1) as r from decisions where recommended_qty > 0 and planner = ?",
        )
        .get(planner) as { r: number };
      db.close();
      return row.r;
    };
    expect(rate(withEpisodes, "dana")).toBeGreaterThan(0.4);
    expect(rate(without, "dana")).toBeLessThan(0.1);
    expect(rate(withEpisodes, "ana")).toBeLessThan(0.1);
  });

  it("regenerates the committed sample reports byte for byte", () => {
    // `npm run demo` wrote reports/; the demo in a temp folder writes the same months
    const committed = path.join(ROOT, "reports");
    const months = readdirSync(committed)
      .filter((m) => /^\d{4}-\d{2}$/.test(m))
      .sort();
    expect(months).toEqual(["2026-08", "2026-09", "2026-10"]);
    const written = path.join(withEpisodes, "reports");
    expect(readdirSync(written).sort()).toEqual(months);
    for (const month of months) {
      const names = readdirSync(path.join(committed, month)).sort();
      expect(names).toEqual(["governance.html", "governance.json", "governance.md"]);
      expect(readdirSync(path.join(written, month)).sort()).toEqual(names);
      for (const name of names)
        expect(
          readFileSync(path.join(written, month, name), "utf8"),
          `reports/${month}/${name} is out of date: run npm run demo and commit reports/`,
        ).toBe(readFileSync(path.join(committed, month, name), "utf8"));
    }
  });

  it("shows each state of an exception in the sample reports, month by month", () => {
    type Report = {
      exceptions: {
        exceptions: { name: string; state: string; waives: number; daysLeft: number }[];
        routine: { id: string }[];
      };
    };
    const read = (month: string): Report =>
      JSON.parse(
        readFileSync(path.join(withEpisodes, "reports", month, "governance.json"), "utf8"),
      ) as Report;
    const rows = (month: string) =>
      read(month).exceptions.exceptions.map((e) => [e.name, e.state, e.waives, e.daysLeft]);
    // August: the trend waiver about to expire; the heroes' waiver has no stale review to cover yet
    expect(rows("2026-08")).toEqual([
      ["trend-launch-overrides", "expiring", 1, 30],
      ["hero-review-after-peak", "live", 0, 111],
      ["clearance-no-decisions", "live", 1, 120],
    ]);
    // October: it has expired and no longer waives; the other two are live, one renewed into routine
    expect(rows("2026-10")).toEqual([
      ["trend-launch-overrides", "expired", 0, -31],
      ["hero-review-after-peak", "live", 1, 50],
      ["clearance-no-decisions", "live", 1, 59],
    ]);
    expect(read("2026-10").exceptions.routine.map((f) => f.id)).toEqual([
      "routine-exception:exception/clearance-no-decisions:renewed",
    ]);
    const markdown = readFileSync(
      path.join(withEpisodes, "reports", "2026-10", "governance.md"),
      "utf8",
    );
    expect(markdown).toContain(
      "3 exceptions: 2 live (0 expiring within 30 days), 1 expired; 2 findings waived this month.",
    );
    expect(markdown).toContain("| expired 31 days ago | 0 |");
    expect(markdown).toContain("- Exception clearance-no-decisions has waived since 2025-10-01");
  });

  it("tells the calm company apart in its report: no drift, no routine overrides", () => {
    const report = JSON.parse(
      readFileSync(path.join(without, "reports", "2026-10", "governance.json"), "utf8"),
    ) as { drift: { verdict: string }[]; findings: { kind: string }[] };
    expect(report.drift.filter((d) => d.verdict === "drifted")).toEqual([]);
    expect(report.findings.filter((f) => f.kind === "routine-override")).toEqual([]);
  });

  it("suggests, for the drifted segment, a patch that the data supports and that ends the drift", () => {
    type Report = {
      patches: { segment: string; file: string; yaml: string }[];
      drift: { segment: string; metric: string; verdict: string }[];
    };
    const read = (dir: string): Report =>
      JSON.parse(readFileSync(path.join(dir, "2026-10", "governance.json"), "utf8")) as Report;
    const report = read(path.join(withEpisodes, "reports"));
    expect(report.patches.map((p) => [p.segment, p.file])).toEqual([
      ["seasonal-hero", "policies/segments/seasonal-hero.yaml"],
    ]);
    const patch = parse(report.patches[0]?.yaml ?? "") as {
      assumptions: Record<string, { max: number }>;
    };
    const max = patch.assumptions.leadTimeDays?.max as number;
    expect(max).toBeGreaterThan(75);
    // apply it to a copy of the policies and report again on the same data
    const policies = path.join(tempDir(), "policies");
    cpSync(path.join(withEpisodes, "policies"), policies, { recursive: true });
    const file = path.join(policies, "segments", "seasonal-hero.yaml");
    writeFileSync(
      file,
      readFileSync(file, "utf8").replace(
        "leadTimeDays: { max: 75 }",
        `leadTimeDays: { max: ${max} }`,
      ),
    );
    const out = tempDir();
    const r = runCli(
      ["report", "--db", "outcomes.db", "--policies", policies, "--month", "2026-10", "--out", out],
      { cwd: withEpisodes },
    );
    expect(r.stderr).toBe("");
    const after = read(out);
    expect(
      after.drift.find((d) => d.segment === "seasonal-hero" && d.metric === "leadTimeDays")
        ?.verdict,
    ).toBe("holds");
    expect(after.patches).toEqual([]);
  });

  it("rejects a bad --seed with exit 2", () => {
    const r = runCli(["demo", tempDir(), "--seed", "abc"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--seed: expected a positive whole number, found "abc"');
  });
});
