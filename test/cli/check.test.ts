/** `stockpolicy check` through the real CLI: exit codes from findings, GitHub annotations, baselines. */
import { readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { failing } from "../../src/findings/exit-code.js";
import type { Finding } from "../../src/findings/finding.js";
import { renderAnnotations } from "../../src/report/render-github.js";
import { policyFixture, runCli, tempDir } from "../helpers/cli.js";
import { demoCopy } from "../helpers/demo-cache.js";

let episodes: string;
let calm: string;

beforeAll(() => {
  episodes = path.join(tempDir(), "kitebird", "data");
  calm = path.join(tempDir(), "calm", "data");
  demoCopy(path.dirname(episodes), "episodes");
  demoCopy(path.dirname(calm), "calm");
});

/** The demo's own store beside its data folder: read-only for check, so tests share it. */
const storeOf = (data: string): string => path.join(path.dirname(data), "outcomes.db");

describe("stockpolicy check", () => {
  it("exits 1 when a finding is at or above --fail-on, 0 when none is", () => {
    const bad = runCli(["check", "--data", episodes]); // --data: loaded into a throwaway store
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/check: \d+ findings at or above error → exit 1\n$/);
    expect(runCli(["check", "--db", storeOf(calm)]).code).toBe(0); // the calm company has warnings, no errors
    expect(runCli(["check", "--db", storeOf(calm), "--fail-on", "warning"]).code).toBe(1);
  });

  it("writes SARIF and JUnit beside its own output, one result a finding, a test case a policy", () => {
    const dir = tempDir();
    const sarifFile = path.join(dir, "out", "findings.sarif");
    const junitFile = path.join(dir, "findings.xml");
    const r = runCli([
      "check",
      "--db",
      storeOf(episodes),
      "--format",
      "json",
      "--sarif",
      sarifFile,
      "--junit",
      junitFile,
    ]);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as {
      findings: { id: string; status: string; severity: string }[];
      policies: unknown[];
      check: { failing: string[] };
    };
    const sarif = JSON.parse(readFileSync(sarifFile, "utf8")) as {
      runs: {
        results: {
          partialFingerprints: Record<string, string>;
          level: string;
          locations: {
            physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } };
          }[];
        }[];
      }[];
    };
    const results = sarif.runs[0]?.results ?? [];
    const open = doc.findings.filter((f) => f.status !== "resolved");
    expect(results.map((x) => x.partialFingerprints["stockpolicyFindingId/v1"])).toEqual(
      open.map((f) => f.id),
    );
    expect(results.filter((x) => x.level === "error")).toHaveLength(
      open.filter((f) => f.severity === "error").length,
    );
    for (const x of results) {
      const where = x.locations[0]?.physicalLocation;
      expect(where?.artifactLocation.uri).toMatch(/^policies\/|\.yaml$/);
      expect(where?.region.startLine).toBeGreaterThanOrEqual(1);
    }
    const xml = readFileSync(junitFile, "utf8");
    const cases = xml.match(/<testcase /g) ?? [];
    expect(cases).toHaveLength(doc.policies.length + 1);
    const failed = (xml.match(/<failure /g) ?? []).length;
    expect(failed).toBeGreaterThan(0);
    expect(xml).toContain(
      `<testsuite name="stockpolicy check" tests="${cases.length}" failures="${failed}"`,
    );
    expect(doc.check.failing.length).toBeGreaterThanOrEqual(failed);
  });

  it("prints Markdown with the verdict last", () => {
    const r = runCli(["check", "--db", storeOf(calm), "--format", "markdown"]);
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith("# Evaluation as of 2026-10-31\n")).toBe(true);
    expect(r.stdout).toMatch(/\| steady-core \| \d+ \|/);
    expect(r.stdout).toMatch(/\ncheck: 0 findings at or above error → exit 0\n$/);
  });

  it("annotates policy lines for GitHub and appends a summary", () => {
    const summary = path.join(tempDir(), "summary.md");
    writeFileSync(summary, "previous step\n");
    const r = runCli(["check", "--db", storeOf(episodes), "--format", "github"], {
      env: { GITHUB_STEP_SUMMARY: summary },
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /^::error file=policies\/segments\/seasonal-hero\.yaml,line=\d+,col=\d+,title=tolerance-breach%3A seasonal-hero::In seasonal-hero, fill rate is /m,
    );
    expect(r.stdout).toMatch(
      /^::warning file=policies\/segments\/seasonal-hero\.yaml,line=28,col=\d+,title=assumption-drift%3A seasonal-hero::/m,
    );
    const text = readFileSync(summary, "utf8");
    expect(text.startsWith("previous step\n# Evaluation as of 2026-10-31")).toBe(true);
  });

  it("fails only on findings that are not in the baseline", () => {
    const baseline = path.join(tempDir(), "main.json");
    const first = runCli(["check", "--db", storeOf(episodes), "--format", "json"]);
    writeFileSync(baseline, first.stdout);
    expect((JSON.parse(first.stdout) as { check: { exitCode: number } }).check.exitCode).toBe(1);
    expect(runCli(["check", "--db", storeOf(episodes), "--baseline", baseline]).code).toBe(0);
    // A policy change that makes a new finding fails again.
    const dir = policyFixture();
    const file = path.join(dir, "policies", "segments", "steady-core.yaml");
    writeFileSync(
      file,
      readFileSync(file, "utf8").replace("leadTimeDays: { max: 25 }", "leadTimeDays: { max: 10 }"),
    );
    const changed = runCli([
      "check",
      "--db",
      storeOf(episodes),
      "--baseline",
      baseline,
      "--policies",
      path.join(dir, "policies"),
    ]);
    expect(changed.code).toBe(1);
    expect(changed.stdout).toMatch(/assumption-drift +segment\/steady-core/);
  });

  it("exits 2 on invalid policies and on a bad baseline", () => {
    const dir = policyFixture({ "segments/trend.yaml": "kind: [" });
    const r = runCli(["check", "--db", storeOf(calm), "--policies", path.join(dir, "policies")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/trend\.yaml:\d+:\d+: yaml-syntax: /);
    const missing = runCli(["check", "--db", storeOf(calm), "--baseline", "nope.json"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("--baseline nope.json: expected a findings JSON");
  });
});

describe("check's pure parts", () => {
  const finding = (
    id: string,
    severity: Finding["severity"],
    status: Finding["status"] = "new",
  ): Finding => ({
    id,
    kind: "check",
    severity,
    scope: "portfolio",
    subject: "p",
    policy: null,
    policyVersion: null,
    metric: null,
    expected: null,
    actual: null,
    evidence: { n: 1 },
    message: "a\nb: 100%",
    owner: "o",
    source: { file: "p,q.yaml", line: 3, column: 5 },
    status,
  });

  it("counts open findings at or above the threshold, outside the baseline", () => {
    const all = [
      finding("a", "error"),
      finding("b", "warning"),
      finding("c", "info"),
      finding("d", "error", "resolved"),
    ];
    expect(failing(all, "error").map((f) => f.id)).toEqual(["a"]);
    expect(failing(all, "warning").map((f) => f.id)).toEqual(["a", "b"]);
    expect(failing(all, "warning", new Set(["a"])).map((f) => f.id)).toEqual(["b"]);
  });

  it("escapes annotations and caps them, counting the rest", () => {
    const out = renderAnnotations(
      Array.from({ length: 12 }, (_, i) => finding(`e${i}`, "error")),
      10,
    );
    expect(out.split("\n").filter((l) => l.startsWith("::error"))).toHaveLength(10);
    expect(out).toContain("::error file=p%2Cq.yaml,line=3,col=5,title=check%3A p::a%0Ab: 100%25");
    expect(out).toContain("::notice title=2 more errors::");
  });
});
