/**
 * `stockpolicy evaluate` end to end on the demo company, through the real CLI: the injected
 * episodes are found with their evidence and policy lines, the calm company raises no drift,
 * breach or routine override, runs are remembered, output is deterministic, and SQLite and
 * PostgreSQL agree.
 */
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { Ajv } from "ajv";
import addFormats from "ajv-formats";
import { beforeAll, describe, expect, it } from "vitest";
import type { EvaluationDocument } from "../../src/evaluate/evaluate.js";
import { ROOT, runCli, tempDir } from "../helpers/cli.js";
import { PG_ADMIN_URL, freshStore } from "../helpers/stores.js";
import { demoCopy } from "../helpers/demo-cache.js";

let episodes: string;
let calm: string;

beforeAll(() => {
  episodes = path.join(tempDir(), "kitebird");
  calm = path.join(tempDir(), "kitebird-calm");
  demoCopy(episodes, "episodes");
  demoCopy(calm, "calm");
});

function evaluateJson(args: string[]): EvaluationDocument {
  const r = runCli(["evaluate", "--format", "json", ...args]);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as EvaluationDocument;
}

const ids = (doc: EvaluationDocument, status?: string): string[] =>
  doc.findings.filter((f) => !status || f.status === status).map((f) => f.id);

describe("evaluate on the demo company", () => {
  it("finds what the generator injected, with evidence and the policy line", () => {
    const doc = evaluateJson(["--data", path.join(episodes, "data")]); // a throwaway store: a first run
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats.default(ajv);
    const validate = ajv.compile(
      JSON.parse(
        readFileSync(path.join(ROOT, "schemas", "evaluation.schema.json"), "utf8"),
      ) as object,
    );
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
    expect(doc.asOf).toBe("2026-10-31");
    expect(doc.window).toEqual({ from: "2026-08-03", to: "2026-10-31" });
    expect(ids(doc)).toEqual(
      expect.arrayContaining([
        "assumption-drift:segment/seasonal-hero:leadTimeDays", // the port congestion
        "routine-override:planner/dana:overrideRate", // the habitual overrider
        "routine-override:segment/trend:overrideRate",
        "tolerance-breach:segment/seasonal-hero:fillRate", // what the congestion cost
        "firefighting:segment/seasonal-hero:expediteRate", // and the firefighting it caused (expedites beyond tolerance)
        "stale-review:segment/seasonal-hero",
      ]),
    );
    const drift = doc.findings.find(
      (f) => f.id === "assumption-drift:segment/seasonal-hero:leadTimeDays",
    );
    expect(drift).toMatchObject({
      severity: "warning",
      owner: "hero-planner@kitebird.example",
      policy: "seasonal-hero",
      policyVersion: 8,
      expected: { max: 75 },
      status: "new",
    });
    // Orders as survival data: every hero order followed 75 days is still open, so the drift
    // shows before the late receipts arrive (only one order placed in the window was received).
    expect(drift?.evidence.leadTimes).toMatchObject({ estimator: "kaplan-meier" });
    expect(drift?.evidence.leadTimes?.beyond).toBe(drift?.evidence.leadTimes?.followed);
    expect(drift?.evidence.leadTimes?.followed).toBeGreaterThanOrEqual(10);
    expect(drift?.evidence.p).toBeLessThan(0.025);
    expect(drift?.evidence.n).toBeGreaterThanOrEqual(10);
    // The source points at the bound's line in the policy file.
    for (const f of doc.findings.filter(
      (x) => x.kind === "assumption-drift" || x.kind === "tolerance-breach",
    )) {
      const line =
        readFileSync(path.join(ROOT, f.source?.file ?? ""), "utf8").split("\n")[
          (f.source?.line ?? 0) - 1
        ] ?? "";
      expect(line).toContain(`${f.metric}:`);
    }
    // Stable segments: nothing drifted, nothing breached.
    expect(
      doc.findings.filter(
        (f) =>
          ["steady-core", "long-tail"].includes(f.subject) &&
          ["assumption-drift", "tolerance-breach", "routine-override"].includes(f.kind),
      ),
    ).toEqual([]);
  });

  it("flags no drift, breach or routine override when nothing was injected", () => {
    const doc = evaluateJson(["--db", path.join(calm, "outcomes.db")]);
    const alarms = [
      "assumption-drift",
      "tolerance-breach",
      "routine-override",
      "firefighting",
      "asymmetry",
      "reactive-cut",
      "segment-mismatch",
      "inconsistency",
    ];
    expect(doc.findings.filter((f) => alarms.includes(f.kind)).map((f) => f.id)).toEqual([]);
  });

  it("remembers runs: persisting, then resolved when a policy changes", () => {
    const db = path.join(tempDir(), "runs.db");
    expect(runCli(["ingest", path.join(episodes, "data"), "--db", db]).code).toBe(0);
    const first = evaluateJson(["--db", db]);
    expect(new Set(first.findings.map((f) => f.status))).toEqual(new Set(["new"]));
    const second = evaluateJson(["--db", db]);
    expect(second.findings.every((f) => f.status === "persisting" && f.runs === 2)).toBe(true);
    const policies = path.join(tempDir(), "policies");
    cpSync(path.join(ROOT, "policies"), policies, { recursive: true });
    const trend = path.join(policies, "segments", "trend.yaml");
    writeFileSync(
      trend,
      readFileSync(trend, "utf8").replace(
        "overrideRate: { max: 0.25 }",
        "overrideRate: { max: 0.9 }",
      ),
    );
    const third = evaluateJson(["--db", db, "--policies", policies]);
    expect(ids(third, "resolved")).toEqual(["tolerance-breach:segment/trend:overrideRate"]);
    expect(
      third.findings.find((f) => f.id === "assumption-drift:segment/seasonal-hero:leadTimeDays"),
    ).toMatchObject({ status: "persisting", runs: 3 });
    expect(third.summary.findings.error).toBe(second.summary.findings.error - 1);
  });

  it("gives the same bytes for the same inputs (--data loads a throwaway store)", () => {
    const a = runCli(["evaluate", "--data", path.join(episodes, "data"), "--format", "json"]);
    const b = runCli(["evaluate", "--data", path.join(episodes, "data"), "--format", "json"]);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
  });

  it("honours --as-of and --window", () => {
    const doc = evaluateJson([
      "--db",
      path.join(calm, "outcomes.db"),
      "--as-of",
      "2026-06-30",
      "--window",
      "13w",
    ]);
    expect(doc.window).toEqual({ from: "2026-04-01", to: "2026-06-30" });
  });

  it("prints a table and Markdown, and writes --out", () => {
    const db = path.join(episodes, "outcomes.db");
    const table = runCli(["evaluate", "--db", db, "--format", "table"]);
    expect(table.stdout).toMatch(/^stockpolicy evaluation as of 2026-10-31/);
    expect(table.stdout).toContain("assumption-drift");
    const out = path.join(tempDir(), "reports", "evaluation.md");
    expect(runCli(["evaluate", "--db", db, "--format", "markdown", "--out", out]).stdout).toBe("");
    const md = readFileSync(out, "utf8");
    expect(md).toContain("# Evaluation as of 2026-10-31");
    expect(md).toContain("## Errors");
  });

  it("explains a SKU: segment and why, metrics with evidence, findings", () => {
    const db = path.join(episodes, "outcomes.db");
    const r = runCli(["explain", "KB-H03", "--db", db]);
    expect(r.code).toBe(0);
    // decided on the 90 days before the window, whose values the rule leaves then show
    expect(r.stdout).toContain(
      "Segment: seasonal-hero (matched, priority 300; decided on 2026-05-05 – 2026-08-02, the window before",
    );
    expect(r.stdout).toMatch(
      /seasonal-hero: line equal "hero" → "hero" \(yes\); plannedLeadTimeDays greaterThan 45 → \d+ \(yes\)/,
    );
    expect(r.stdout).toMatch(
      /steady-core: .*plannedLeadTimeDays lessThanInclusive 30 → \d+ \(no\)/,
    );
    expect(r.stdout).toMatch(/ {2}fillRate +\d+(\.\d)?% \(n 90\)/);
    expect(r.stdout).toContain("assumption-drift segment/seasonal-hero");
    const json = JSON.parse(
      runCli(["explain", "KB-C0001", "--db", db, "--format", "json"]).stdout,
    ) as {
      segment: string;
      metrics: Record<string, { n: number; value: number }>;
      model: {
        targets: { fillRate: number };
        inputs: { demandMean: number };
        plan: { expectedFillRate: number; capital: number };
      };
    };
    expect(json.segment).toBe("steady-core");
    expect(json.metrics.leadTimeDays?.n).toBeGreaterThan(0);
    // the model runs on the SKU's own observed demand, for its segment's target
    expect(json.model.inputs.demandMean).toBeCloseTo(json.metrics.demandMean?.value ?? -1, 9);
    expect(json.model.plan.expectedFillRate).toBeCloseTo(json.model.targets.fillRate, 9);
    expect(json.model.plan.capital).toBeGreaterThan(0);
    expect(r.stdout).toMatch(
      /under the \(R, S\) model:\n {2}demand [\d.]+ ± [\d.]+ a day, lead time/,
    );
    const unknown = runCli(["explain", "KB-H3", "--db", db]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe("stockpolicy: unknown SKU: KB-H3 (did you mean KB-H03?)\n");
  });

  it("rejects bad flags with exit 2", () => {
    const r = runCli(["evaluate", "--db", path.join(calm, "outcomes.db"), "--as-of", "2026-02-30"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--as-of: expected a real date YYYY-MM-DD, found "2026-02-30"');
  });

  it.skipIf(!PG_ADMIN_URL)("gives the same findings on PostgreSQL as on SQLite", async () => {
    const pg = await freshStore("postgres");
    const sqlite = path.join(tempDir(), "same.db");
    for (const db of [pg, sqlite])
      expect(runCli(["ingest", path.join(episodes, "data"), "--db", db]).code).toBe(0);
    expect(evaluateJson(["--db", pg])).toEqual(evaluateJson(["--db", sqlite]));
  });
});
