/**
 * A mistyped PolicyException is exit 2 at its line, like any policy file: through the real CLI's
 * `validate`, each case one problem at a position worked out by hand from the YAML below.
 */
import { describe, expect, it } from "vitest";
import { policyFixture, runCli } from "../helpers/cli.js";

// A valid exception; cases change one thing in it. Line numbers on the right.
const EXCEPTION = `apiVersion: stockpolicy/v1
kind: PolicyException
metadata:
  name: hero-fill-rate
  version: 1
  owner: hero-planner@kitebird.example
  approvedBy: cfo@kitebird.example
  approvedOn: 2026-10-20
  reason: The factory lost two weeks to a typhoon.
covers:
  kind: tolerance-breach
  subject: seasonal-hero
  metric: fillRate
expires: 2026-11-15
within: { min: 0.6 }
`;
//  1 apiVersion … 8 approvedOn, 10 covers, 11 kind, 12 subject, 13 metric, 14 expires, 15 within

const edit = (...edits: [string, string][]): string =>
  edits.reduce((text, [from, to]) => {
    if (!text.includes(from)) throw new Error(`fixture edit not found: ${from}`);
    return text.replace(from, to);
  }, EXCEPTION);

const FILE = "exceptions/hero.yaml";
const F = `policies/${FILE}`;

const cases: { name: string; text: string; code: string; line: number; column: number }[] = [
  {
    name: "an expiry past the RiskTolerance's maximum (90 days by default)",
    text: edit(["expires: 2026-11-15", "expires: 2027-03-01"]),
    code: "exception-too-long",
    line: 14,
    column: 10,
  },
  {
    name: "an approval in the future",
    text: edit(["approvedOn: 2026-10-20", "approvedOn: 2999-01-01"], ["2026-11-15", "2999-02-01"]),
    code: "future-approval",
    line: 8,
    column: 15,
  },
  {
    name: "first granted after its approval",
    text: edit(["  approvedOn: 2026-10-20\n", "  approvedOn: 2026-10-20\n  since: 2026-10-25\n"]),
    code: "invalid-date",
    line: 9,
    column: 10,
  },
  {
    name: "an expiry before the approval",
    text: edit(["expires: 2026-11-15", "expires: 2026-10-01"]),
    code: "invalid-date",
    line: 14,
    column: 10,
  },
  {
    name: "no expiry",
    text: edit(["expires: 2026-11-15\n", ""]),
    code: "missing-field",
    line: 1,
    column: 1,
  },
  {
    name: "an expiry that is no date",
    text: edit(["expires: 2026-11-15", "expires: next month"]),
    code: "invalid-date",
    line: 14,
    column: 10,
  },
  {
    name: "a kind of finding that does not exist",
    text: edit(["kind: tolerance-breach", "kind: tolerance-breech"]),
    code: "invalid-value",
    line: 11,
    column: 9,
  },
  {
    name: "a finding id of no known kind",
    text: edit([
      "  kind: tolerance-breach\n",
      "  finding: tolerence-breach:segment/seasonal-hero\n",
    ]),
    code: "invalid-value",
    line: 11,
    column: 12,
  },
  {
    name: "a finding id that disagrees with the kind beside it",
    text: edit(["  subject: seasonal-hero\n", "  finding: stale-review:segment/seasonal-hero\n"]),
    code: "invalid-value",
    line: 11,
    column: 9,
  },
  {
    name: "a metric the tool does not know",
    text: edit(["metric: fillRate", "metric: fillrate"]),
    code: "unknown-metric",
    line: 13,
    column: 11,
  },
  {
    name: "a within bound with no metric to bound",
    text: edit(["  metric: fillRate\n", ""]),
    code: "missing-field",
    line: 14,
    column: 9,
  },
  {
    name: "covers nothing at all",
    text: edit(
      ["  kind: tolerance-breach\n  subject: seasonal-hero\n  metric: fillRate\n", "  {}\n"],
      ["within: { min: 0.6 }\n", ""],
    ),
    code: "missing-field",
    line: 11,
    column: 3,
  },
  {
    name: "an unknown field",
    text: edit(["within: { min: 0.6 }", "whithin: { min: 0.6 }"]),
    code: "unknown-field",
    line: 15,
    column: 1,
  },
  {
    name: "a Check in exceptions/",
    text: edit(["kind: PolicyException", "kind: Check"]),
    code: "misplaced-kind",
    line: 2,
    column: 7,
  },
];

const PROBLEM =
  /^(?<file>[^:\n]+):(?<line>\d+):(?<column>\d+): (?<code>[a-z-]+): (?<message>.+)$/gm;
const problems = (stderr: string): string[] =>
  [...stderr.matchAll(PROBLEM)].map((m) => {
    const g = m.groups as Record<string, string>;
    return `${g.file}:${g.line}:${g.column}: ${g.code}`;
  });

describe("validate rejects malformed exceptions", () => {
  it("accepts the fixture itself (control)", () => {
    const r = runCli(["validate"], { cwd: policyFixture({ [FILE]: EXCEPTION }) });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
  });

  it.each(cases)("$name", ({ text, code, line, column }) => {
    const r = runCli(["validate"], { cwd: policyFixture({ [FILE]: text }) });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(problems(r.stderr), r.stderr).toContain(`${F}:${line}:${column}: ${code}`);
  });

  it("names the day an expiry must come by, and suggests the kind and metric meant", () => {
    const r = runCli(["validate"], {
      cwd: policyFixture({
        [FILE]: edit(
          ["expires: 2026-11-15", "expires: 2027-03-01"],
          ["metric: fillRate", "metric: fillrate"],
        ),
        "exceptions/other.yaml": edit(
          ["name: hero-fill-rate", "name: other"],
          ["  kind: tolerance-breach\n", "  finding: tolerence-breach:segment/seasonal-hero\n"],
        ),
      }),
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("at most 90 days after approvedOn (2026-10-20, so by 2027-01-18");
    expect(r.stderr).toContain('did you mean "fillRate"?');
    expect(r.stderr).toContain('did you mean "tolerance-breach"?');
  });

  it("holds exceptions to the RiskTolerance's maxDays, and names unique across files", async () => {
    const { readFileSync } = await import("node:fs");
    const { ROOT } = await import("../helpers/cli.js");
    const tolerance = readFileSync(`${ROOT}/policies/tolerance.yaml`, "utf8");
    const r = runCli(["validate"], {
      cwd: policyFixture({
        "tolerance.yaml": `${tolerance}exceptions: { maxDays: 14 }\n`,
        [FILE]: EXCEPTION,
        "exceptions/again.yaml": edit(["expires: 2026-11-15", "expires: 2026-10-30"]),
      }),
    });
    expect(r.code).toBe(2);
    expect(problems(r.stderr)).toEqual(
      expect.arrayContaining([
        `${F}:14:10: exception-too-long`,
        `${F}:4:9: duplicate-name`, // again.yaml comes first
      ]),
    );
    expect(problems(r.stderr)).not.toContain(
      "policies/exceptions/again.yaml:14:10: exception-too-long",
    );
  });
});
