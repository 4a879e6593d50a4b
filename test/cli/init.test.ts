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
import { runCli, tempDir } from "../helpers/cli.js";
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
