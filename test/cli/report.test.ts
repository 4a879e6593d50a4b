/**
 * `stockpolicy report` through the real CLI on a small demo company: the three files, the
 * sections in the issue's order, month-to-month tracking through last month's report, the same
 * bytes for the same inputs, and bad input refused with exit 2 and nothing written.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { formatValue } from "../../src/findings/metric-phrases.js";
import { beforeAll, describe, expect, it } from "vitest";
import type { GovernanceReport } from "../../src/governance/governance-report.js";
import { runCli, tempDir } from "../helpers/cli.js";
import { DIALECTS, freshStore } from "../helpers/stores.js";
import { demoCopy } from "../helpers/demo-cache.js";

let demo: string;

const SECTIONS = [
  "## Verdict",
  "## Where risk sits",
  "## Findings",
  "## Drift",
  "## Overrides",
  "## Warning signals",
  "## What changed since 2026-09",
  "## To-do by owner",
  "## About this report",
];

const report = (args: string[], cwd = demo) =>
  runCli(["report", "--db", "outcomes.db", "--policies", "policies", ...args], { cwd });

const read = (dir: string, month: string, file: string): string =>
  readFileSync(path.join(dir, month, file), "utf8");

beforeAll(() => {
  demo = path.join(tempDir(), "kitebird");
  demoCopy(demo, "small");
});

describe("stockpolicy report", () => {
  it("writes governance.md, .html and .json with the sections in order", () => {
    const out = path.join(tempDir(), "reports");
    const r = report(["--month", "2026-10", "--out", out]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(readdirSync(path.join(out, "2026-10")).sort()).toEqual([
      "governance.html",
      "governance.json",
      "governance.md",
    ]);
    const md = read(out, "2026-10", "governance.md");
    const at = SECTIONS.map((s) => md.indexOf(`\n${s}`));
    expect(at.every((i) => i > 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    const json = JSON.parse(read(out, "2026-10", "governance.json")) as GovernanceReport;
    expect(json).toMatchObject({ schemaVersion: 1, month: "2026-10", asOf: "2026-10-31" });
    expect(json.window).toEqual({ from: "2026-08-03", to: "2026-10-31" });
    expect(json.verdict.lines).toHaveLength(4);
    // money first: capital held against what the targets imply, and revenue lost, from the report's own numbers
    const money = (x: number | null) => formatValue("capital", x, json.currency);
    const p = json.risk.portfolio;
    expect(json.verdict.lines[1]).toContain(
      `Capital held ${money(p.capital.value)} against ${money(p.implied.capital)} the targets imply`,
    );
    expect(json.verdict.lines[2]).toContain(`about ${money(p.lostRevenue)}`);
    const segmentsLost = json.risk.segments.reduce((t, x) => t + (x.lostRevenue ?? 0), 0);
    expect(p.lostRevenue).toBeGreaterThanOrEqual(segmentsLost - 1); // unassigned SKUs count in the portfolio only
    for (const x of json.risk.segments)
      if (x.coverOutside)
        expect(md).toContain(
          `**✗ ${x.coverOutside}** ${formatValue("coverWeeks", x.coverWeeks.value)}`,
        );
    expect(md).toContain("### Glossary");
    // the verdict's counts are the open findings' counts
    const open = json.findings.filter((f) => f.status !== "resolved");
    const errors = open.filter((f) => f.severity === "error").length;
    expect(json.verdict.lines[0]).toContain(`${errors} error${errors === 1 ? "" : "s"}`);
    expect(r.stdout).toContain(json.verdict.lines[0]);
    // no 2026-09 report in this folder: last month is re-evaluated from the data
    expect(json.changes.basis).toBe("data");
    expect(json.changes.policies).toBeNull();
    // every finding with a policy line says where, and the Markdown shows it
    for (const f of open.filter((x) => x.source))
      expect(md).toContain(`${f.source?.file}:${f.source?.line}:${f.source?.column}`);
    // segments in the risk table are the evaluation's, with their SKU counts
    const evaluation = JSON.parse(
      runCli(
        [
          "evaluate",
          "--db",
          "outcomes.db",
          "--policies",
          "policies",
          "--as-of",
          "2026-10-31",
          "--format",
          "json",
        ],
        { cwd: demo },
      ).stdout,
    ) as { segments: { name: string; skus: number }[] };
    expect(json.risk.segments.map((s) => [s.name, s.skus])).toEqual(
      evaluation.segments.map((s) => [s.name, s.skus]),
    );
  });

  it("defaults to the last whole month and tracks findings through last month's report", () => {
    const out = path.join(tempDir(), "reports");
    expect(report(["--month", "2026-09", "--out", out]).code).toBe(0);
    expect(report(["--out", out]).code).toBe(0); // data ends 2026-10-31: 2026-10
    const sept = JSON.parse(read(out, "2026-09", "governance.json")) as GovernanceReport;
    const oct = JSON.parse(read(out, "2026-10", "governance.json")) as GovernanceReport;
    expect(oct.changes.basis).toBe("report");
    expect(oct.changes.policies).toEqual([]);
    const before = new Set(sept.findings.filter((f) => f.status !== "resolved").map((f) => f.id));
    for (const f of oct.findings) {
      if (f.status === "persisting") expect(before.has(f.id)).toBe(true);
      if (f.status === "new") expect(before.has(f.id)).toBe(false);
      if (f.status === "resolved") expect(before.has(f.id)).toBe(true);
    }
    expect(oct.changes.persisting.length).toBeGreaterThan(0);
    // the trend: September's committed report, then October itself
    expect(oct.trend.map((t) => t.month)).toEqual(["2026-09", "2026-10"]);
    expect(oct.trend[0]).toEqual(sept.trend[sept.trend.length - 1]);
    expect(
      read(out, "2026-10", "governance.html").match(/<svg[^>]*aria-label="Fill rate"/g),
    ).toHaveLength(1);
    expect(read(out, "2026-10", "governance.md")).toContain("Compared with the 2026-09 report.");
  });

  it("says which policy versions changed since last month's report", () => {
    const out = path.join(tempDir(), "reports");
    expect(report(["--month", "2026-09", "--out", out]).code).toBe(0);
    const policies = path.join(tempDir(), "policies");
    cpSync(path.join(demo, "policies"), policies, { recursive: true });
    const file = path.join(policies, "segments", "trend.yaml");
    writeFileSync(file, readFileSync(file, "utf8").replace("version: 2", "version: 3"));
    const r = runCli(["report", "--db", "outcomes.db", "--policies", policies, "--out", out], {
      cwd: demo,
    });
    expect(r.code).toBe(0);
    const oct = JSON.parse(read(out, "2026-10", "governance.json")) as GovernanceReport;
    expect(oct.changes.policies).toEqual([
      { name: "trend", kind: "SegmentPolicy", from: 2, to: 3 },
    ]);
    expect(read(out, "2026-10", "governance.md")).toContain("Policy versions: trend v2 → v3");
  });

  it("writes the same bytes for the same inputs", () => {
    // the demo wrote its reports in its own run: this run, on the same inputs, writes the same bytes
    const a = path.join(tempDir(), "reports");
    for (const month of ["2026-08", "2026-09", "2026-10"])
      expect(report(["--month", month, "--out", a]).code).toBe(0);
    for (const month of ["2026-08", "2026-10"])
      for (const f of ["governance.md", "governance.html", "governance.json"])
        expect(read(path.join(demo, "reports"), month, f)).toBe(read(a, month, f));
  });

  it("reads --data into a throwaway store and reports the same", () => {
    const a = path.join(tempDir(), "reports");
    const b = path.join(tempDir(), "reports");
    expect(report(["--month", "2026-10", "--out", a]).code).toBe(0);
    const r = runCli(
      ["report", "--data", "data", "--policies", "policies", "--month", "2026-10", "--out", b],
      { cwd: demo },
    );
    expect(r.code).toBe(0);
    expect(read(b, "2026-10", "governance.json")).toBe(read(a, "2026-10", "governance.json"));
  });

  it("on data that ends mid-month: the default is the last whole month, and a partial one says so", () => {
    const data = path.join(tempDir(), "data");
    cpSync(path.join(demo, "data"), data, { recursive: true });
    const daily = path.join(data, "daily.csv");
    const lines = readFileSync(daily, "utf8").split("\n");
    writeFileSync(
      daily,
      lines.filter((l, i) => i === 0 || l === "" || l < "2026-10-16").join("\n"),
    );
    const out = path.join(tempDir(), "reports");
    const run = (...args: string[]) =>
      runCli(["report", "--data", data, "--policies", "policies", "--out", out, ...args], {
        cwd: demo,
      });
    expect(run().code).toBe(0);
    expect(readdirSync(out)).toEqual(["2026-09"]);
    const sept = JSON.parse(read(out, "2026-09", "governance.json")) as GovernanceReport;
    expect([sept.asOf, sept.partial]).toEqual(["2026-09-30", false]);
    expect(run("--month", "2026-10").code).toBe(0);
    const oct = JSON.parse(read(out, "2026-10", "governance.json")) as GovernanceReport;
    expect([oct.asOf, oct.partial]).toEqual(["2026-10-15", true]);
    expect(read(out, "2026-10", "governance.md")).toContain(
      "The data ends on 2026-10-15: this month is partial.",
    );
  });

  it.each(DIALECTS)("reports from a %s store", async (dialect) => {
    const db = await freshStore(dialect);
    expect(runCli(["ingest", path.join(demo, "data"), "--db", db]).code).toBe(0);
    const a = path.join(tempDir(), "reports");
    const b = path.join(tempDir(), "reports");
    expect(report(["--month", "2026-10", "--out", a]).code).toBe(0);
    const r = runCli(
      ["report", "--db", db, "--policies", "policies", "--month", "2026-10", "--out", b],
      { cwd: demo },
    );
    expect(r.stderr).toBe("");
    expect(read(b, "2026-10", "governance.md")).toBe(read(a, "2026-10", "governance.md"));
  });

  it.each([
    [["--month", "2026-13"], /--month: expected a month YYYY-MM, found "2026-13"/],
    [["--month", "2026-1"], /--month: expected a month YYYY-MM, found "2026-1"/],
    [
      ["--month", "2027-01"],
      /--month 2027-01: the data covers 2024-11-01 – 2026-10-31, nothing of that month/,
    ],
    [["--window", "90x"], /--window: expected a length such as 90d, 13w or 3m, found "90x"/],
  ])("refuses %j with exit 2 and writes nothing", (args, message) => {
    const out = path.join(tempDir(), "reports");
    const r = report([...args, "--out", out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);
  });

  it("refuses a malformed last-month report, naming it, and writes nothing", () => {
    const out = path.join(tempDir(), "reports");
    mkdirSync(path.join(out, "2026-09"), { recursive: true });
    writeFileSync(path.join(out, "2026-09", "governance.json"), "{ not json");
    const r = report(["--month", "2026-10", "--out", out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /2026-09\/governance\.json: expected last month's governance report JSON/,
    );
    expect(existsSync(path.join(out, "2026-10"))).toBe(false);
  });
});
