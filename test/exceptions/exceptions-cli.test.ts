/**
 * Governed exceptions end to end through the real CLI on the demo company (as of 2026-10-31):
 * waived findings fail nothing and are shown waived in every format; expired, orphan, unused
 * and routine exceptions are findings on their own line.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { Ajv } from "ajv";
import addFormats from "ajv-formats";
import { beforeAll, describe, expect, it } from "vitest";
import type { Finding } from "../../src/findings/finding.js";
import { ROOT, policyFixture, runCli, tempDir } from "../helpers/cli.js";
import { demoCopy } from "../helpers/demo-cache.js";

let db: string;

/** The demo's policies without the demo's exceptions, with `changes` (see policyFixture). */
const fixture = (changes: Readonly<Record<string, string | null>> = {}): string =>
  policyFixture(changes, { demoExceptions: false });

beforeAll(() => {
  const dir = demoCopy(path.join(tempDir(), "kitebird"), "episodes");
  db = path.join(dir, "outcomes.db");
});

/** A PolicyException file: the header, then `body` (covers, expires, within). */
const exception = (name: string, owner: string, body: string, approvedOn = "2026-10-20"): string =>
  [
    "apiVersion: stockpolicy/v1",
    "kind: PolicyException",
    "metadata:",
    `  name: ${name}`,
    "  version: 1",
    `  owner: ${owner}`,
    "  approvedBy: cfo@kitebird.example",
    `  approvedOn: ${approvedOn}`,
    "  reason: The factory lost two weeks to a typhoon.",
    body,
  ].join("\n");

const HERO = "hero-planner@kitebird.example";
const FILL_RATE = exception(
  "hero-fill-rate",
  HERO,
  "covers:\n  kind: tolerance-breach\n  subject: seasonal-hero\n  metric: fillRate\nexpires: 2026-11-15\nwithin: { min: 0.6 }\n",
);

interface Doc {
  summary: { findings: { error: number; warning: number; info: number }; waived?: number };
  findings: Finding[];
  check: { failing: string[]; exitCode: number };
}

const checkJson = (cwd: string): { code: number | null; doc: Doc } => {
  const r = runCli(["check", "--db", db, "--format", "json"], { cwd });
  return { code: r.code, doc: JSON.parse(r.stdout) as Doc };
};

const byId = (doc: Doc, id: string): Finding | undefined => doc.findings.find((f) => f.id === id);

describe("exceptions through check", () => {
  it("waives the finding it covers: reported with the exception's line, failing nothing", () => {
    const before = checkJson(fixture());
    const id = "tolerance-breach:segment/seasonal-hero:fillRate";
    expect(before.doc.check.failing).toContain(id);
    const cwd = fixture({ "exceptions/hero-fill-rate.yaml": FILL_RATE });
    const { doc } = checkJson(cwd);
    const waived = byId(doc, id);
    expect(waived?.waived).toEqual({
      exception: "hero-fill-rate",
      owner: HERO,
      approvedBy: "cfo@kitebird.example",
      expires: "2026-11-15",
      reason: "The factory lost two weeks to a typhoon.",
      source: { file: "policies/exceptions/hero-fill-rate.yaml", line: 11, column: 3 },
    });
    expect(waived?.severity).toBe("error"); // still what it is
    expect(doc.check.failing).not.toContain(id);
    expect(doc.summary.waived).toBe(1);
    expect(doc.summary.findings.error).toBe(before.doc.summary.findings.error - 1);
    // The rest of the document is untouched.
    expect(doc.findings.filter((f) => !f.waived).map((f) => f.id)).toEqual(
      before.doc.findings.filter((f) => f.id !== id).map((f) => f.id),
    );
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats.default(ajv);
    const schema = JSON.parse(
      readFileSync(path.join(ROOT, "schemas", "evaluation.schema.json"), "utf8"),
    ) as object;
    const evaluation: Record<string, unknown> = { ...doc };
    delete evaluation.check;
    expect(ajv.validate(schema, evaluation), ajv.errorsText()).toBe(true);
  });

  it("waives a finding of data older than its approval: the pull request comes after the data", () => {
    // the data ends 2026-10-31; the exception is approved on 2026-11-10, after the finding
    const later = exception(
      "hero-fill-rate",
      HERO,
      "covers:\n  kind: tolerance-breach\n  subject: seasonal-hero\n  metric: fillRate\nexpires: 2026-11-15\n",
      "2026-11-10",
    );
    const { doc } = checkJson(fixture({ "exceptions/hero-fill-rate.yaml": later }));
    expect(byId(doc, "tolerance-breach:segment/seasonal-hero:fillRate")).toHaveProperty(
      "waived.exception",
      "hero-fill-rate",
    );
    expect(doc.check.failing).not.toContain("tolerance-breach:segment/seasonal-hero:fillRate");
  });

  it("exits 0 once every failing finding is waived, and 1 again when one expires", () => {
    const failing = checkJson(fixture()).doc.check.failing;
    const files = Object.fromEntries(
      failing.map((id, i) => [
        `exceptions/waive-${i}.yaml`,
        exception(
          `waive-${i}`,
          `planner-${i}@kitebird.example`,
          `covers:\n  finding: ${id}\nexpires: 2026-12-31\n`,
        ),
      ]),
    );
    const all = checkJson(fixture(files));
    expect(all.code).toBe(0);
    expect(all.doc.check.failing).toEqual([]);
    expect(all.doc.summary.waived).toBe(failing.length);
    // One lapses before the as-of date: its finding fails again, and the lapse is a finding.
    const lapsed = {
      ...files,
      "exceptions/waive-0.yaml": exception(
        "waive-0",
        "planner-0@kitebird.example",
        `covers:\n  finding: ${failing[0]}\nexpires: 2026-10-15\n`,
        "2026-09-01",
      ),
    };
    const again = checkJson(fixture(lapsed));
    expect(again.code).toBe(1);
    expect(again.doc.check.failing).toEqual([failing[0]]);
    const expired = byId(again.doc, "expired-exception:exception/waive-0");
    expect(expired).toMatchObject({
      severity: "warning",
      scope: "exception",
      owner: "planner-0@kitebird.example",
      actual: 16,
      evidence: { n: 1, expires: "2026-10-15" },
      source: { file: "policies/exceptions/waive-0.yaml", line: 12, column: 10 },
    });
    expect(expired?.message).toBe(
      "Exception waive-0 expired on 2026-10-15, 16 days before 2026-10-31: the 1 finding it covered is no longer waived.",
    );
  });

  it("keeps waiving only while the covered value stays within the exception's bound", () => {
    const strict = FILL_RATE.replace("min: 0.6", "min: 0.8"); // seasonal-hero serves 67.9%
    const { doc, code } = checkJson(fixture({ "exceptions/hero-fill-rate.yaml": strict }));
    expect(code).toBe(1);
    const f = byId(doc, "tolerance-breach:segment/seasonal-hero:fillRate");
    expect(f?.waived).toBeUndefined();
    expect(f?.message).toMatch(
      /Exception hero-fill-rate \(policies\/exceptions\/hero-fill-rate\.yaml:15\) no longer waives it: 67\.9% is outside its bound ≥ 80%\.$/,
    );
  });

  it("reports an exception whose subject is gone, and one that covers nothing", () => {
    const { doc } = checkJson(
      fixture({
        "exceptions/gone.yaml": exception(
          "gone-sku",
          "ana@kitebird.example",
          "covers:\n  scope: sku\n  subject: KB-NOPE\nexpires: 2026-12-01\n",
        ),
        "exceptions/nothing.yaml": exception(
          "core-asymmetry",
          "ana@kitebird.example",
          "covers:\n  kind: asymmetry\n  subject: steady-core\nexpires: 2026-12-01\n",
        ),
        "exceptions/old-segment.yaml": exception(
          "old-segment",
          "ana@kitebird.example",
          "covers:\n  finding: stale-review:segment/summer-outdoor\nexpires: 2026-12-01\n",
        ),
      }),
    );
    expect(byId(doc, "orphan-exception:exception/gone-sku")).toMatchObject({
      severity: "warning",
      message:
        'Exception gone-sku names sku "KB-NOPE", which is in neither the data nor the policies as of 2026-10-31.',
      source: { file: "policies/exceptions/gone.yaml", line: 12, column: 12 },
    });
    expect(byId(doc, "orphan-exception:exception/old-segment")?.source?.line).toBe(11);
    expect(byId(doc, "unused-exception:exception/core-asymmetry")).toMatchObject({
      severity: "info",
      message: "Exception core-asymmetry covers no finding of the evaluation ending 2026-10-31.",
      source: { file: "policies/exceptions/nothing.yaml", line: 11, column: 3 },
    });
    expect(byId(doc, "unused-exception:exception/gone-sku")).toBeUndefined(); // orphan says it
  });

  it("calls waiving routine when most of a segment's findings are waived, or one owner holds most", () => {
    const hero = (name: string, covers: string): [string, string] => [
      `exceptions/${name}.yaml`,
      exception(name, HERO, `covers:\n${covers}expires: 2026-12-31\n`),
    ];
    const files = Object.fromEntries([
      hero("hero-firefighting", "  kind: firefighting\n  subject: seasonal-hero\n"),
      hero("hero-fill", "  kind: tolerance-breach\n  subject: seasonal-hero\n"),
      hero("hero-lead-time", "  kind: assumption-drift\n  subject: seasonal-hero\n"),
      hero("hero-checks", "  kind: check\n  scope: sku\n"),
      [
        "exceptions/trend.yaml",
        exception(
          "trend",
          "trend-buyer@kitebird.example",
          "covers:\n  kind: routine-override\n  subject: trend\nexpires: 2026-12-31\n",
        ),
      ],
    ]);
    const { doc } = checkJson(fixture(files));
    const segment = byId(doc, "routine-exception:segment/seasonal-hero:waivedShare");
    const all = doc.findings.filter(
      (f) => (f.policy ?? f.evidence.segment) === "seasonal-hero" && !f.kind.endsWith("-exception"),
    );
    const waived = all.filter((f) => f.waived);
    expect(waived.length).toBeGreaterThanOrEqual(8);
    expect(segment).toMatchObject({
      severity: "warning",
      scope: "segment",
      expected: { max: 0.5 },
      evidence: { n: all.length, findings: all.length, waived: waived.length },
    });
    expect(segment?.actual).toBeCloseTo(waived.length / all.length, 6);
    expect(segment?.evidence.exceptions?.map((e) => e.name).sort()).toEqual([
      "hero-checks",
      "hero-fill",
      "hero-firefighting",
      "hero-lead-time",
    ]);
    const owner = byId(doc, `routine-exception:planner/${HERO}:ownerShare`);
    expect(owner).toMatchObject({ actual: 0.8, evidence: { n: 5 }, owner: "cfo@kitebird.example" });
    expect(byId(doc, "routine-exception:segment/trend:waivedShare")).toBeUndefined();
  });
});

describe("an exception renewed again and again", () => {
  it("is routine past two maximum terms since it was first granted", () => {
    const renewed = FILL_RATE.replace(
      "  approvedOn: 2026-10-20",
      "  approvedOn: 2026-10-20\n  since: 2026-03-01",
    );
    const { doc } = checkJson(fixture({ "exceptions/hero-fill-rate.yaml": renewed }));
    expect(byId(doc, "routine-exception:exception/hero-fill-rate:renewed")).toMatchObject({
      severity: "warning",
      owner: HERO,
      expected: { max: 180 },
      actual: 259,
      source: { file: "policies/exceptions/hero-fill-rate.yaml", line: 9, column: 10 },
      message:
        "Exception hero-fill-rate has waived since 2026-03-01 and now runs to 2026-11-15: 259 days, 2.9 times the 90-day maximum. Renewed this often, it is the policy.",
    });
    // Within two terms it is not.
    const once = FILL_RATE.replace(
      "  approvedOn: 2026-10-20",
      "  approvedOn: 2026-10-20\n  since: 2026-07-01",
    );
    const calm = checkJson(fixture({ "exceptions/hero-fill-rate.yaml": once })).doc;
    expect(calm.findings.filter((f) => f.kind === "routine-exception")).toEqual([]);
  });
});

describe("waived findings in check's formats", () => {
  let cwd: string;
  beforeAll(() => {
    cwd = fixture({ "exceptions/hero-fill-rate.yaml": FILL_RATE });
  });

  it("text: counted in the headline and marked in the status column", () => {
    const r = runCli(["check", "--db", db], { cwd });
    expect(r.stdout).toMatch(/^stockpolicy evaluation as of 2026-10-31 .*, 1 waived\n/);
    expect(r.stdout).toMatch(
      /^error +tolerance-breach +segment\/seasonal-hero +fillRate .* new, waived by hero-fill-rate until 2026-11-15$/m,
    );
  });

  it("github: a notice on the exception's line instead of an error", () => {
    const r = runCli(["check", "--db", db, "--format", "github"], { cwd });
    expect(r.stdout).not.toMatch(/^::error .*title=tolerance-breach%3A seasonal-hero::/m);
    expect(r.stdout).toMatch(
      /^::notice file=policies\/exceptions\/hero-fill-rate\.yaml,line=11,col=3,title=waived%3A tolerance-breach%3A seasonal-hero::error tolerance-breach seasonal-hero waived by hero-fill-rate until 2026-11-15: /m,
    );
  });

  it("markdown: a Waived section with the exception, its approver and its reason", () => {
    const r = runCli(["check", "--db", db, "--format", "markdown"], { cwd });
    const waived = r.stdout.slice(r.stdout.indexOf("## Waived"));
    expect(waived).toContain(
      "- **tolerance-breach** segment `seasonal-hero` · fill rate (error, new,",
    );
    expect(waived).toContain(
      "Waived by `hero-fill-rate` (`policies/exceptions/hero-fill-rate.yaml:11`) until 2026-11-15, approved by cfo@kitebird.example: The factory lost two weeks to a typhoon.",
    );
    expect(r.stdout.slice(0, r.stdout.indexOf("## Waived"))).not.toContain(
      "seasonal-hero` · fill rate",
    );
  });

  it("sarif: an accepted suppression with the exception as justification", () => {
    const file = path.join(tempDir(), "f.sarif");
    runCli(["check", "--db", db, "--sarif", file], { cwd });
    const sarif = JSON.parse(readFileSync(file, "utf8")) as {
      runs: {
        results: { partialFingerprints: Record<string, string>; suppressions?: unknown[] }[];
      }[];
    };
    const results = sarif.runs[0]?.results ?? [];
    const suppressed = results.filter((r) => r.suppressions);
    expect(suppressed.map((r) => r.partialFingerprints["stockpolicyFindingId/v1"])).toEqual([
      "tolerance-breach:segment/seasonal-hero:fillRate",
    ]);
    expect(suppressed[0]?.suppressions).toEqual([
      {
        kind: "external",
        status: "accepted",
        justification:
          "hero-fill-rate (policies/exceptions/hero-fill-rate.yaml:11), approved by cfo@kitebird.example, until 2026-11-15: The factory lost two weeks to a typhoon.",
      },
    ]);
  });
});

describe("the report's Exceptions section", () => {
  it("lists every exception by state with what it waives, the waived finding apart from the errors", () => {
    const cwd = fixture({
      "exceptions/hero-fill-rate.yaml": FILL_RATE,
      "exceptions/stale.yaml": exception(
        "stale-hero",
        HERO,
        "covers:\n  finding: stale-review:segment/seasonal-hero\nexpires: 2026-10-15\n",
        "2026-09-01",
      ),
      "exceptions/later.yaml": exception(
        "core-asymmetry",
        "ana@kitebird.example",
        "covers:\n  kind: asymmetry\n  subject: steady-core\nexpires: 2027-01-10\n",
        "2026-10-25",
      ),
    });
    const out = path.join(cwd, "reports");
    const r = runCli(["report", "--month", "2026-10", "--out", out, "--db", db], { cwd });
    expect(r.stderr).toBe("");
    const md = readFileSync(path.join(out, "2026-10", "governance.md"), "utf8");
    const section = md.slice(md.indexOf("## Exceptions"), md.indexOf("## What changed"));
    expect(section).toContain(
      "3 exceptions: 2 live (1 expiring within 30 days), 1 expired; 1 finding waived this month.",
    );
    const rows = section
      .split("\n")
      .filter((l) => /^\| [a-z]/.test(l) && !l.startsWith("| exception"));
    expect(rows.map((l) => l.split(" | ").slice(0, 7))).toEqual([
      [
        "| stale-hero",
        HERO,
        "cfo@kitebird.example",
        "2026-09-01",
        "2026-10-15",
        "expired 16 days ago",
        "0",
      ],
      [
        "| hero-fill-rate",
        HERO,
        "cfo@kitebird.example",
        "2026-10-20",
        "2026-11-15",
        "expiring: 15 days left",
        "1",
      ],
      [
        "| core-asymmetry",
        "ana@kitebird.example",
        "cfo@kitebird.example",
        "2026-10-25",
        "2027-01-10",
        "71 days left; covers nothing",
        "0",
      ],
    ]);
    // The waived finding is listed apart, not among the errors, and is nobody's to-do.
    const findings = md.slice(md.indexOf("## Findings"), md.indexOf("### By owner"));
    expect(findings).toMatch(
      /### Waived \(1\)\n\n- \*\*tolerance-breach · segment seasonal-hero · fill rate\*\* — [^\n]*, waived by hero-fill-rate until 2026-11-15/,
    );
    const todo = md.slice(md.indexOf("## To-do by owner"));
    expect(todo).not.toContain("fill rate back within tolerance");
    const json = JSON.parse(readFileSync(path.join(out, "2026-10", "governance.json"), "utf8")) as {
      exceptions: { exceptions: { name: string; state: string; waives: number }[] };
    };
    expect(json.exceptions.exceptions.map((e) => [e.name, e.state, e.waives])).toEqual([
      ["stale-hero", "expired", 0],
      ["hero-fill-rate", "expiring", 1],
      ["core-asymmetry", "live", 0],
    ]);
    const html = readFileSync(path.join(out, "2026-10", "governance.html"), "utf8");
    expect(html).toContain('<section id="exceptions"><h2>Exceptions</h2>');
    expect(html).toContain('<td class="breach">expired 16 days ago</td>');
  });
});
