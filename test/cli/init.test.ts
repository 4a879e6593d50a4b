/**
 * `stockpolicy init` through the real CLI on the real data sets in the repository (FreshRetail
 * sales, SCMS purchase orders) and the demo company: the policies it writes validate and
 * evaluate on the data they came from with no error finding, every drafted number says where it
 * came from, and nothing existing is overwritten without --force.
 */
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { sharedDataset } from "../helpers/data.js";
import { ROOT, runCli, tempDir } from "../helpers/cli.js";
import { demoCopy } from "../helpers/demo-cache.js";

interface Doc {
  summary: { findings: { error: number; warning: number; info: number } };
  segments: { name: string; skus: number }[];
}

function evaluateJson(policies: string, source: string[]): Doc {
  const r = runCli(["evaluate", ...source, "--policies", policies, "--format", "json"]);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Doc;
}

/** The drafted number lines (bounds and targets) of every file, each with its comment. */
function numberLines(policies: string): string[] {
  const files = [
    path.join(policies, "tolerance.yaml"),
    ...readdirSync(path.join(policies, "segments")).map((f) => path.join(policies, "segments", f)),
  ];
  return files.flatMap((f) =>
    readFileSync(f, "utf8")
      .split("\n")
      .filter(
        (l) =>
          /^ {2}\w+: (\{ (min|max|minWeeks)|[\d.]+(\s|$))/.test(l) &&
          !/version|reviewEveryDays/.test(l),
      ),
  );
}

describe("stockpolicy init", () => {
  it("drafts policies from the FreshRetail sales that validate and evaluate with no error", () => {
    const policies = path.join(tempDir(), "policies");
    const data = sharedDataset("freshretail-sample");
    const r = runCli(["init", "--data", data, "--policies", policies]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/segments? drawn from the outcomes of 2024-03-28 – 2024-06-25/);
    expect(r.stdout).toMatch(/evaluated on the same data as of 2024-06-25: 0 errors/);
    expect(runCli(["validate", "--policies", policies]).code).toBe(0);
    const doc = evaluateJson(policies, ["--data", data]);
    expect(doc.summary.findings.error).toBe(0);
    // every SKU lands in a segment: 291 store×product series
    expect(doc.segments.reduce((t, s) => t + s.skus, 0)).toBe(291);
    const lines = numberLines(policies);
    expect(lines.length).toBeGreaterThan(5);
    for (const line of lines) expect(line, line).toMatch(/ # \S/);
    // ABC by units (no prices) × XYZ: several cells, each a segment the evaluation fills
    const cells = doc.segments.filter((s) => s.name !== "other");
    expect(doc.segments.length).toBeGreaterThanOrEqual(4);
    expect(doc.segments.length).toBeLessThanOrEqual(9);
    expect(cells.every((s) => s.skus > 0)).toBe(true);
    expect(cells.map((s) => s.name)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^a-/), expect.stringMatching(/^c-/)]),
    );
  });

  it("--explain shows the segmentation as a table a planner can argue with", () => {
    const policies = path.join(tempDir(), "policies");
    const data = sharedDataset("freshretail-sample");
    const r = runCli(["init", "--data", data, "--policies", policies, "--explain"]);
    expect(r.code, r.stderr).toBe(0);
    const table = r.stdout.split("\n").filter((l) => /^ {2}\S/.test(l));
    expect(table[0]).toMatch(
      /^ {2}segment +cell +SKUs +share of units +demand CV +fill rate +cover \(weeks\)$/,
    );
    const rows = table.slice(1).map((l) => l.trim().split(/ {2,}/));
    expect(rows.length).toBeGreaterThanOrEqual(4);
    // every SKU counted once, the value shares adding up to the whole
    expect(rows.reduce((t, c) => t + Number(c[2]), 0)).toBe(291);
    const shares = rows.reduce((t, c) => t + Number.parseFloat(c[3] ?? ""), 0);
    expect(Math.abs(shares - 100)).toBeLessThan(0.5);
    // A before C in value, and a higher fill rate for A than for C
    const byCell = (re: RegExp) => rows.find((c) => re.test(c[1] ?? "")) as string[];
    const a = byCell(/^A × /);
    const c = byCell(/^C × /);
    expect(Number.parseFloat(a[3] ?? "")).toBeGreaterThan(Number.parseFloat(c[3] ?? ""));
    expect(Number.parseFloat(a[5] ?? "")).toBeGreaterThan(Number.parseFloat(c[5] ?? ""));
    // the README shows this very table
    const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
    const shown = /`init --explain` prints:\n\n```text\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(shown).toBe(`${table.join("\n")}\n`);
    // the file says the cell it was drawn for and any merge that made it
    const file = readFileSync(path.join(policies, "segments", `${a[0]}.yaml`), "utf8");
    expect(file).toMatch(/class A by units sold \(ABC by cumulative share 80\/15\/5; mean daily/);
    expect(file).toMatch(
      /fillRate: 0\.98 # no unit_price in the data, so no margin: the ABC × XYZ/,
    );
  });

  it("drafts policies from the SCMS purchase orders (no daily data) that evaluate with no error", () => {
    const dir = tempDir();
    const db = path.join(dir, "scms.db");
    expect(runCli(["ingest", sharedDataset("scms"), "--db", db, "--skip-invalid"]).code).toBe(0);
    const policies = path.join(dir, "policies");
    const r = runCli(["init", "--db", db, "--policies", policies]);
    expect(r.code, r.stderr).toBe(0);
    expect(runCli(["validate", "--policies", policies]).code).toBe(0);
    for (const window of ["90d", "365d"]) {
      const doc = evaluateJson(policies, ["--db", db, "--window", window]);
      expect(doc.summary.findings.error, window).toBe(0);
    }
    // lead-time bounds rest on the planned lead times too: a 90-day window sees only short orders
    const long = readFileSync(path.join(policies, "segments", "lead-61d-plus.yaml"), "utf8");
    expect(long).toMatch(/leadTimeDays: \{ max: \d+ \} # 90th percentile of planned lead times/);
  });

  describe("on the demo company", () => {
    let db: string;
    beforeAll(() => {
      const demo = path.join(tempDir(), "kitebird");
      demoCopy(demo, "small");
      db = path.join(demo, "outcomes.db");
    });

    it("keeps skus.csv's pinned segments and draws the rest, every SKU placed, no error", () => {
      const policies = path.join(tempDir(), "policies");
      expect(runCli(["init", "--db", db, "--policies", policies]).code).toBe(0);
      const clearance = readFileSync(path.join(policies, "segments", "clearance.yaml"), "utf8");
      expect(clearance).not.toContain("match:");
      const doc = evaluateJson(policies, ["--db", db]);
      expect(doc.summary.findings.error).toBe(0);
      expect(doc.segments.reduce((t, s) => t + s.skus, 0)).toBe(60);
    });

    it("overwrites nothing without --force, and replaces the folder with it", () => {
      const policies = path.join(tempDir(), "policies");
      mkdirSync(policies);
      writeFileSync(path.join(policies, "mine.yaml"), "kept\n");
      const refused = runCli(["init", "--db", db, "--policies", policies]);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/already holds 1 file\(s\) or folder\(s\).*--force/);
      expect(readdirSync(policies)).toEqual(["mine.yaml"]);
      expect(runCli(["init", "--db", db, "--policies", policies, "--force"]).code).toBe(0);
      expect(readdirSync(policies).sort()).toEqual(["segments", "tolerance.yaml"]);
    });
  });
});
