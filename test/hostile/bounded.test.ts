/**
 * Hostile input that used to cost time, memory or a crash, through the real CLI (issue 12's
 * corpus): an unterminated quote, CR-only line ends, 20,000 unknown keys, `null` where findings
 * belong in a --baseline or last month's report.
 */
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { CsvParser, MAX_RECORD_CHARS } from "../../src/outcomes/csv-parser.js";
import { ROOT, policyFixture, runCli, tempDir } from "../helpers/cli.js";
import { SMALL, dataset } from "../helpers/data.js";
import { dumpAt, freshStore } from "../helpers/stores.js";
import { demoCopy } from "../helpers/demo-cache.js";

const noStack = (stderr: string) => expect(stderr).not.toMatch(/\n\s+at |internal error/);

describe("CSV that would hold the file in memory", () => {
  it("stops at an unterminated quote once the record passes 1 MiB, naming the line it opened on", () => {
    const parser = new CsvParser();
    parser.push('sku,name\nA1,"never closed\n');
    const chunk = "x".repeat(1 << 16);
    let records = 0;
    // 4 MiB after the quote: the parser holds at most one record's worth, then gives up
    for (let i = 0; i < 64; i++) records += parser.push(`${chunk}\n`).length;
    expect(records).toBe(0);
    expect(parser.gaveUp).toBe(true);
    expect(parser.errors).toHaveLength(1);
    expect(parser.errors[0]?.line).toBe(2);
    expect(parser.errors[0]?.message).toContain(
      `expected a record of at most ${MAX_RECORD_CHARS} characters`,
    );
  });

  it("refuses the file, even with --skip-invalid, and writes nothing", async () => {
    const db = await freshStore("sqlite");
    const names = `${SMALL["skus.csv"]}D4,1,14,2,Acme,x,"${"y".repeat(MAX_RECORD_CHARS + 10)}\n`;
    const r = runCli(["ingest", dataset({ "skus.csv": names }), "--db", db, "--skip-invalid"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("skus.csv:5: row: expected a record of at most");
    noStack(r.stderr);
    expect(await dumpAt(db)).toBe(await dumpAt(await freshStore("sqlite")));
  });

  it("refuses CR-only line ends at once instead of reading the file as one line", async () => {
    const db = await freshStore("sqlite");
    const cr = (SMALL["daily.csv"] as string).replace(/\n/g, "\r");
    const r = runCli(["ingest", dataset({ "daily.csv": cr }), "--db", db]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      "daily.csv:1: row: expected lines ending in LF or CRLF, found CR only",
    );
  });
});

describe("policies that cost quadratic time", () => {
  it("reports 20,000 unknown keys, each once, with the mapping described in a few words", () => {
    const keys = Array.from({ length: 20_000 }, (_, i) => `k${i}: 1\n`).join("");
    const dir = policyFixture({
      "segments/big.yaml":
        "apiVersion: stockpolicy/v1\nkind: SegmentPolicy\nmetadata:\n  name: big\n  version: 1\n" +
        `  owner: a@example.com\n  reviewedOn: 2026-01-15\n  reviewEveryDays: 90\n${keys}`,
    });
    const r = runCli(["validate"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr.match(/unknown-field/g)?.length).toBe(20_000);
    expect(r.stderr).toContain(
      "policies/segments/big.yaml:20008:1: unknown-field: expected one of",
    );
    noStack(r.stderr);
  });

  it("still finds a duplicate key (now with a set a mapping, not the parser's pairwise check)", () => {
    const dir = policyFixture({
      "segments/dup.yaml":
        "apiVersion: stockpolicy/v1\nkind: SegmentPolicy\nmetadata:\n  name: dup\n  version: 1\n  version: 2\n",
    });
    const r = runCli(["validate"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("policies/segments/dup.yaml:6:3: duplicate-key");
  });
});

describe("null where findings belong", () => {
  it.each([
    ["null", "null"],
    ["a null finding", '{"findings":[null]}'],
    ["a finding without an id", '{"findings":[{"kind":"check"}]}'],
  ])("refuses a --baseline with %s, exit 2 (it once crashed)", (_name, text) => {
    const baseline = path.join(tempDir(), "main.json");
    writeFileSync(baseline, text);
    const r = runCli([
      "check",
      "--data",
      dataset(),
      "--as-of",
      "2026-01-02",
      "--baseline",
      baseline,
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--baseline .*main\.json: expected/);
    noStack(r.stderr);
  });

  it("refuses last month's governance.json with a null finding, exit 2", () => {
    const dir = tempDir();
    cpSync(path.join(ROOT, "reports"), path.join(dir, "reports"), { recursive: true });
    demoCopy(path.join(dir, "demo"), "episodes");
    const previous = path.join(dir, "reports", "2026-09", "governance.json");
    const report = JSON.parse(readFileSync(previous, "utf8")) as { findings: unknown[] };
    report.findings.push(null);
    writeFileSync(previous, JSON.stringify(report));
    const r = runCli([
      "report",
      "--db",
      path.join(dir, "demo", "outcomes.db"),
      "--policies",
      path.join(dir, "demo", "policies"),
      "--month",
      "2026-10",
      "--out",
      path.join(dir, "reports"),
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("expected last month's governance report JSON");
    noStack(r.stderr);
  });
});
