/**
 * Each command's formats in process, model → text, as conftest tests its outputters: every
 * registered format renders, the registries are what --format offers, and user strings reach
 * each sink escaped for it.
 */
import { describe, expect, it } from "vitest";
import type { EvaluationDocument } from "../../src/evaluate/evaluate.js";
import { finding } from "../../src/findings/finding.js";
import type { Finding } from "../../src/findings/finding.js";
import { escapeText } from "../../src/report/escape.js";
import type { Formats, Rendered } from "../../src/report/format.js";
import { CHECK_FORMATS } from "../../src/report/render-check.js";
import type { CheckOutcome } from "../../src/report/render-check.js";
import { EVALUATION_FORMATS } from "../../src/report/render-evaluation.js";
import { INGEST_FORMATS } from "../../src/report/render-ingest.js";
import type { IngestOutcome } from "../../src/report/render-ingest.js";
import { VALIDATION_FORMATS } from "../../src/report/render-validation.js";
import { runCli } from "../helpers/cli.js";

const HOSTILE = "<img src=x onerror=alert(1)> *b* | x\n::warning title=x::owned";

const found: Finding = finding({
  kind: "routine-override",
  severity: "warning",
  scope: "planner",
  subject: HOSTILE,
  metric: "overrideRate",
  expected: { max: 0.3 },
  actual: 0.5,
  evidence: { n: 40, interval: [0.4, 0.6], window: { from: "2026-08-03", to: "2026-10-31" } },
  message: `Planner ${HOSTILE} overrode 50% of recommendations.`,
  owner: "dana@example.com",
  line: { in: { file: "policies/tolerance.yaml", positions: {} }, at: [] },
});

const doc: EvaluationDocument = {
  schemaVersion: 1,
  tool: { name: "stockpolicy", version: "0.0.0" },
  asOf: "2026-10-31",
  window: { from: "2026-08-03", to: "2026-10-31" },
  policies: [],
  segments: [{ name: "core|<b>", skus: 3, metrics: { fillRate: 0.95 } }],
  summary: { findings: { error: 0, warning: 1, info: 0 } },
  findings: [found],
};

const stdout = (r: Rendered): string => (typeof r === "string" ? r : r.stdout);
const stderr = (r: Rendered): string => (typeof r === "string" ? "" : r.stderr);

describe("evaluation formats", () => {
  it("table: one line a finding, control characters shown escaped", () => {
    const text = stdout(EVALUATION_FORMATS.table?.render(doc) ?? "");
    expect(text.split("\n").some((l) => l.startsWith("::"))).toBe(false);
    expect(text).toContain(
      "planner/<img src=x onerror=alert(1)> *b* | x\\n::warning title=x::owned",
    );
    expect(text).toContain("0 errors, 1 warning, 0 info");
  });

  it("markdown: no markup from user strings, no line of their own", () => {
    const text = stdout(EVALUATION_FORMATS.markdown?.render(doc) ?? "");
    // no tag survives, not even in a code span (a subject with one is escaped text instead)
    expect(text).not.toContain("<img");
    expect(text).toContain(
      "&lt;img src=x onerror=alert(1)&gt; \\*b\\* \\| x ::warning title=x::owned",
    );
    expect(text).not.toContain("<b>");
    expect(text).toContain("| core\\|&lt;b&gt; | 3 |");
    expect(text).toContain("&lt;img src=x onerror=alert(1)&gt; \\*b\\* \\| x ::warning");
    expect(text.split("\n").some((l) => l.startsWith("::"))).toBe(false);
  });

  it("json: the document as it is", () => {
    expect(JSON.parse(stdout(EVALUATION_FORMATS.json?.render(doc) ?? ""))).toEqual(doc);
  });
});

describe("check formats", () => {
  const outcome: CheckOutcome = {
    document: doc,
    toleranceFile: "policies/tolerance.yaml",
    failOn: "warning",
    baseline: undefined,
    failing: [found],
    exitCode: 1,
  };

  it("end every human format with the verdict", () => {
    for (const name of ["text", "markdown", "github"])
      expect(stdout(CHECK_FORMATS[name]?.render(outcome) ?? "")).toMatch(
        /check: 1 finding at or above warning → exit 1\n$/,
      );
  });

  it("github: one annotation a finding, its message escaped; Markdown for the job summary", () => {
    const text = stdout(CHECK_FORMATS.github?.render(outcome) ?? "");
    expect(text.split("\n").filter((l) => l.startsWith("::"))).toHaveLength(1);
    expect(text).toContain("%0A::warning title=x::owned");
    expect(CHECK_FORMATS.github?.summary?.(outcome)).toContain("## Warnings");
    expect(CHECK_FORMATS.text?.summary).toBeUndefined();
  });

  it("sarif: one result a finding on its policy line, its text as JSON holds it", () => {
    const sarif = JSON.parse(stdout(CHECK_FORMATS.sarif?.render(outcome) ?? "")) as {
      version: string;
      runs: { results: { ruleId: string; level: string; message: { text: string } }[] }[];
    };
    expect(sarif.version).toBe("2.1.0");
    const [result] = sarif.runs[0]?.results ?? [];
    expect(result).toMatchObject({ ruleId: "routine-override", level: "warning" });
    expect(result?.message.text).toContain(HOSTILE);
  });

  it("junit: user strings escaped for XML, control characters shown as escapes", () => {
    const hostile: CheckOutcome = {
      ...outcome,
      document: {
        ...doc,
        policies: [
          { name: 'a"b<c>&\u0001', version: 1, file: "policies/segments/a.yaml", owner: "x" },
        ],
      },
    };
    const xml = stdout(CHECK_FORMATS.junit?.render(hostile) ?? "");
    expect(xml).toContain('name="a&quot;b&lt;c&gt;&amp;\\u0001"');
    expect(xml).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(xml).not.toContain("<img");
    expect(xml).toMatch(/tests="2" failures="1"/); // the policy, and the portfolio holding the finding
    expect(xml).toContain("<failure ");
  });

  it("github: findings in the baseline are not annotated", () => {
    const known = {
      ...outcome,
      baseline: { file: "main.json", ids: new Set([found.id]) },
      failing: [],
      exitCode: 0,
    };
    expect(stdout(CHECK_FORMATS.github?.render(known) ?? "")).toBe(
      "check: 0 findings at or above warning not in the baseline → exit 0\n",
    );
    expect(JSON.parse(stdout(CHECK_FORMATS.json?.render(known) ?? ""))).toMatchObject({
      check: { failOn: "warning", baseline: "main.json", failing: [], exitCode: 0 },
    });
  });
});

describe("validate and ingest formats", () => {
  it("validate: problems to stderr with their count, a valid set to stdout", () => {
    const problem = {
      file: "policies/a.yaml",
      line: 3,
      column: 5,
      code: "unknown-field" as const,
      message: "no",
    };
    const bad =
      VALIDATION_FORMATS.text?.render({
        dir: "policies",
        policies: undefined,
        problems: [problem],
      }) ?? "";
    expect(stdout(bad)).toBe("");
    expect(stderr(bad)).toBe("policies/a.yaml:3:5: unknown-field: no\n1 problem in 1 file\n");
    const json: unknown = JSON.parse(
      stdout(
        VALIDATION_FORMATS.json?.render({ dir: "p", policies: undefined, problems: [problem] }) ??
          "",
      ),
    );
    expect(json).toEqual({ valid: false, policies: null, problems: [problem] });
  });

  it("ingest: rows a file on stdout, problems and a rejection on stderr", () => {
    const outcome: IngestOutcome = {
      store: "outcomes.db",
      skipInvalid: false,
      report: {
        files: [
          {
            file: "data/daily.csv",
            rows: 3,
            invalid: 1,
            inserted: 0,
            updated: 0,
            unchanged: 0,
            problems: [
              { file: "data/daily.csv", line: 4, column: "date", message: "expected a date" },
            ],
            problemCount: 1,
            ignoredColumns: [],
            isolatedDates: 0,
          },
        ],
        problems: [],
        invalid: 1,
        written: false,
        dryRun: false,
        unknownFiles: ["notes.csv"],
      },
    };
    const r = INGEST_FORMATS.text?.render(outcome) ?? "";
    expect(stdout(r)).toBe("daily.csv: 3 rows, 1 invalid\n");
    expect(stderr(r)).toContain(
      "data/daily.csv:4: date: expected a date\nnotes.csv: not a contract file, left alone\n",
    );
    expect(stderr(r)).toMatch(/rejected: 1 invalid row\(s\); nothing written/);
  });
});

describe("--format", () => {
  const registries: [string, Formats<never>][] = [
    ["evaluate", EVALUATION_FORMATS],
    ["check", CHECK_FORMATS],
    ["validate", VALIDATION_FORMATS],
    ["ingest", INGEST_FORMATS],
  ];
  it.each(registries)(
    "%s offers its registry's formats, each described in its help",
    (command, formats) => {
      const help = runCli([command, "--help"]).stdout.replace(/\s+/g, " ");
      for (const [name, f] of Object.entries(formats))
        expect(help).toContain(`${name} (${f.description.replace(/\s+/g, " ")})`);
    },
  );

  it("text escaper: every control character escaped, nothing else", () => {
    expect(escapeText("a\tb\r\n\u0000\u001b[31m ok é")).toBe("a\\tb\\r\\n\\u0000\\u001b[31m ok é");
  });
});
