/**
 * `stockpolicy test` through the real CLI: the demo's own tests pass; cases that fail say file,
 * line, expected and found in every format; uncovered segments and checks are summarised; a
 * mistyped test is exit 2 at its line.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import type { PolicyTestReport } from "../../src/evaluate/policy-tests.js";
import { ROOT, policyFixture, runCli } from "../helpers/cli.js";

const demoTest = (file: string): string =>
  readFileSync(path.join(ROOT, "policies", "tests", file), "utf8");

const edit = (text: string, ...edits: [string, string][]): string =>
  edits.reduce((t, [from, to]) => {
    if (!t.includes(from)) throw new Error(`fixture edit not found: ${from}`);
    return t.replace(from, to);
  }, text);

/** The demo's tests with one expectation of each type turned false. */
function failing(): string {
  return policyFixture({
    "tests/segments.yaml": edit(demoTest("segments.yaml"), [
      "demandCv: 0.9 }\n    expect: seasonal-hero",
      "demandCv: 0.9 }\n    expect: trend",
    ]),
    "tests/checks.yaml": edit(demoTest("checks.yaml"), [
      "doesNotFire: [dead-stock]",
      "fires: [dead-stock]",
    ]),
    "tests/scenarios.yaml": edit(demoTest("scenarios.yaml"), [
      "      - { kind: routine-override }",
      "      - { kind: stale-review }",
    ]),
  });
}

describe("stockpolicy test", () => {
  it("passes the demo company's own tests, every segment and check covered", () => {
    const r = runCli(["test"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^ok {3}segment segments: a hero from an overseas factory is a seasonal hero \(policies\/tests\/segments\.yaml:9\)$/m,
    );
    expect(r.stdout).toMatch(/\n14 cases in 3 files: 14 passed, 0 failed\n$/);
    expect(r.stdout).not.toContain("no test covers");
    // and so say the other formats
    const json = JSON.parse(runCli(["test", "--format", "json"]).stdout) as PolicyTestReport;
    expect(json.summary).toEqual({ cases: 14, passed: 14, failed: 0 });
    expect(json.uncovered).toEqual({ segments: [], checks: [] });
    const junit = runCli(["test", "--format", "junit"]);
    expect(junit.code).toBe(0);
    expect(junit.stdout).toContain('<testsuites name="stockpolicy test" tests="14" failures="0">');
    expect(junit.stdout).not.toContain("<failure");
    const tap = runCli(["test", "--format", "tap"]);
    expect(tap.code).toBe(0);
    expect(tap.stdout.split("\n").filter((l) => /^ok \d+ - /.test(l))).toHaveLength(14);
    expect(tap.stdout).not.toContain("not ok");
  });

  it("fails with file, line, expected and found (text), exit 1", () => {
    const r = runCli(["test"], { cwd: failing() });
    expect(r.code).toBe(1);
    const lines = r.stdout.split("\n");
    const after = (head: string): string | undefined =>
      lines[lines.findIndex((l) => l.startsWith(head)) + 1];
    expect(
      after(
        "FAIL segment segments: a hero from an overseas factory is a seasonal hero (policies/tests/segments.yaml:9)",
      ),
    ).toBe("     expected segment trend, found seasonal-hero");
    expect(
      after("FAIL check checks: stock that sells is not dead (policies/tests/checks.yaml:12)"),
    ).toBe("     expected dead-stock to fire, found it did not fire");
    expect(after("FAIL scenario scenarios: one hero is too few")).toBe(
      "     expected no finding stale-review, found warning stale-review:segment/seasonal-hero (waived by hero-review-after-peak)",
    );
    expect(r.stdout).toContain("14 cases in 3 files: 11 passed, 3 failed");
  });

  it("tells a waived finding from one no exception waives", () => {
    const scenarios = readFileSync(path.join(ROOT, "policies", "tests", "scenarios.yaml"), "utf8");
    const pinned = "{ kind: stale-review, scope: segment, subject: seasonal-hero, waived: true }";
    expect(scenarios).toContain(pinned);
    const cwd = policyFixture({
      "tests/scenarios.yaml": scenarios.replace(pinned, pinned.replace("true", "false")),
    });
    const r = runCli(["test"], { cwd });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      "     expected a finding stale-review segment/seasonal-hero not waived, found only warning " +
        "stale-review:segment/seasonal-hero (waived by hero-review-after-peak)\n",
    );
    expect(r.stdout).toContain("14 cases in 3 files: 13 passed, 1 failed");
  });

  it("tells when a policy change breaks what a test says of it", () => {
    const policies = readFileSync(
      path.join(ROOT, "policies", "segments", "seasonal-hero.yaml"),
      "utf8",
    );
    const cwd = policyFixture({
      "segments/seasonal-hero.yaml": edit(policies, [
        "{ fact: plannedLeadTimeDays, operator: greaterThan, value: 45 }",
        "{ fact: plannedLeadTimeDays, operator: greaterThan, value: 75 }",
      ]),
    });
    const r = runCli(["test", "--format", "json"], { cwd });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as PolicyTestReport;
    expect(report.cases.filter((c) => c.failures.length).map((c) => [c.case, c.failures])).toEqual([
      [
        "a hero under four weeks of cover before the peak",
        ["expected hero-cover-before-peak to fire, found it did not fire"],
      ],
      [
        // the small company's one hero is no longer a seasonal hero, so its cover goes unflagged
        "one hero is too few to call its lead time drifted, but its cover is flagged",
        ["expected a finding warning check sku/KB-H01, found no check finding"],
      ],
      [
        "a hero from an overseas factory is a seasonal hero",
        ["expected segment seasonal-hero, found trend"],
      ],
    ]);
  });

  it("writes JSON, JUnit and TAP that say the same", () => {
    const cwd = failing();
    const json = JSON.parse(
      runCli(["test", "--format", "json"], { cwd }).stdout,
    ) as PolicyTestReport;
    expect(json.summary).toEqual({ cases: 14, passed: 11, failed: 3 });
    expect(json.files).toEqual([
      "policies/tests/checks.yaml",
      "policies/tests/scenarios.yaml",
      "policies/tests/segments.yaml",
    ]);
    const junit = runCli(["test", "--format", "junit"], { cwd });
    expect(junit.code).toBe(1);
    expect(junit.stdout).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="stockpolicy test" tests="14" failures="3">/,
    );
    expect(junit.stdout).toContain(
      '<testsuite name="policies/tests/segments.yaml" tests="7" failures="1" errors="0" skipped="0">',
    );
    expect(junit.stdout).toContain(
      '<testcase classname="segments" name="segment: a hero from an overseas factory is a seasonal hero" file="policies/tests/segments.yaml" line="9">',
    );
    expect(junit.stdout).toContain(
      '<failure message="expected segment trend, found seasonal-hero" type="expectation">',
    );
    expect(junit.stdout.match(/<testcase /g)).toHaveLength(14);
    const tap = runCli(["test", "--format", "tap"], { cwd });
    expect(tap.code).toBe(1);
    const lines = tap.stdout.split("\n");
    expect(lines.slice(0, 2)).toEqual(["TAP version 13", "1..14"]);
    expect(lines.filter((l) => /^not ok \d+ - /.test(l))).toHaveLength(3);
    expect(lines.filter((l) => /^ok \d+ - /.test(l))).toHaveLength(11);
    const failed = lines.findIndex(
      (l) => l.startsWith("not ok") && l.includes("a hero from an overseas factory"),
    );
    expect(lines.slice(failed + 1, failed + 6)).toEqual([
      "  ---",
      '  at: "policies/tests/segments.yaml:9"',
      "  failures:",
      '    - "expected segment trend, found seasonal-hero"',
      "  ...",
    ]);
  });

  it("names the segments and checks no test covers", () => {
    const cwd = policyFixture({ "tests/checks.yaml": null, "tests/scenarios.yaml": null });
    const r = runCli(["test"], { cwd });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\nno test covers checks dead-stock, hero-cover-before-peak\n$/);
    const json = JSON.parse(
      runCli(["test", "--format", "json"], { cwd }).stdout,
    ) as PolicyTestReport;
    expect(json.uncovered).toEqual({
      segments: [],
      checks: ["dead-stock", "hero-cover-before-peak"],
    });
    const none = policyFixture({
      "tests/checks.yaml": null,
      "tests/scenarios.yaml": null,
      "tests/segments.yaml": null,
    });
    const empty = runCli(["test", "--format", "tap"], { cwd: none });
    expect(empty.stdout).toContain(
      "1..0\n# no test covers segments clearance, long-tail, seasonal-hero, steady-core, trend\n",
    );
  });

  it("escapes a case name for the terminal and for XML", () => {
    const cwd = policyFixture({
      "tests/segments.yaml": edit(demoTest("segments.yaml"), [
        "name: a hero from an overseas factory is a seasonal hero",
        'name: "a hero <b>&</b>\\u001b[31m\\n::error::x"',
      ]),
    });
    const text = runCli(["test"], { cwd }).stdout;
    expect(text).not.toContain("\u001b[31m");
    expect(text).not.toMatch(/^::error::/m);
    const junit = runCli(["test", "--format", "junit"], { cwd }).stdout;
    expect(junit).toContain('name="segment: a hero &lt;b&gt;&amp;&lt;/b&gt;');
  });
});

describe("a mistyped test is exit 2 at its line", () => {
  const cases: { name: string; file: string; text: string; at: string }[] = [
    {
      name: "a segment that does not exist",
      file: "segments.yaml",
      text: edit(demoTest("segments.yaml"), ["expect: long-tail", "expect: long-tial"]),
      at: 'policies/tests/segments.yaml:23:13: invalid-value: expected a segment (clearance, long-tail, seasonal-hero, steady-core, trend) or "unassigned", found "long-tial"; did you mean "long-tail"?',
    },
    {
      name: "a fact rules do not know",
      file: "segments.yaml",
      text: edit(demoTest("segments.yaml"), [
        "{ line: tail, plannedLeadTimeDays: 30",
        "{ line: tail, plannedLeadTimeDay: 30",
      ]),
      at: 'policies/tests/segments.yaml:22:26: unknown-fact: expected a metric, a skus.csv column or an attribute declared in the RiskTolerance, found "plannedLeadTimeDay"; did you mean "plannedLeadTimeDays"?',
    },
    {
      name: "a metric given as text",
      file: "checks.yaml",
      text: edit(demoTest("checks.yaml"), [
        "{ demandMean: 0, onHandUnits: 40 }",
        '{ demandMean: "none", onHandUnits: 40 }',
      ]),
      at: 'policies/tests/checks.yaml:10:26: wrong-type: expected a number for demandMean, found "none"',
    },
    {
      name: "a check that does not exist",
      file: "checks.yaml",
      text: edit(demoTest("checks.yaml"), ["fires: [dead-stock]", "fires: [dead-stok]"]),
      at: 'policies/tests/checks.yaml:11:13: invalid-value: expected a check (dead-stock, hero-cover-before-peak), found "dead-stok"; did you mean "dead-stock"?',
    },
    {
      name: "a data folder that is not there",
      file: "scenarios.yaml",
      text: edit(demoTest("scenarios.yaml"), ["data: kitebird-small", "data: kitebird-smal"]),
      at: "policies/tests/scenarios.yaml:12:11: missing-file: expected a data folder at policies/tests/kitebird-smal (relative to the test file), found none",
    },
    {
      name: "a case without a name",
      file: "checks.yaml",
      text: edit(demoTest("checks.yaml"), [
        "  - name: stock that sells is not dead\n    facts:",
        "  - facts:",
      ]),
      at: 'policies/tests/checks.yaml:12:5: missing-field: expected field "name" in checks[1], found none',
    },
  ];

  it.each(cases)("$name", ({ file, text, at }) => {
    const cwd = policyFixture({ [`tests/${file}`]: text });
    const r = runCli(["test"], { cwd });
    expect(r.code, r.stdout).toBe(2);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stderr).toContain(at);
    if (!at.includes("missing-file")) expect(runCli(["validate"], { cwd }).code).toBe(2);
  });
});
