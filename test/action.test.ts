/**
 * The reusable GitHub Action (action.yml): its check step's script, run for real in a git
 * repository with a policy change, as the runner would run it (inputs in the environment,
 * GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files). Only the install step (npm ci in the action's
 * folder) and the comment (gh) are not run here.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ROOT, committedRepo, tempDir } from "./helpers/cli.js";
import { demoCopy } from "./helpers/demo-cache.js";

interface Step {
  id: string;
  run?: string;
  env?: Record<string, string>;
}
interface Action {
  inputs: Record<string, { default: string }>;
  runs: { using: string; steps: Step[] };
}

const action = parse(readFileSync(path.join(ROOT, "action.yml"), "utf8")) as Action;
const step = (id: string): Step => {
  const found = action.runs.steps.find((s) => s.id === id);
  if (!found) throw new Error(`no step ${id}`);
  return found;
};

let data: string;
beforeAll(() => {
  const demo = path.join(tempDir(), "kitebird");
  demoCopy(demo, "small");
  data = path.join(demo, "data");
});

/** A repository whose last commit holds the demo policies, and a working tree that tightens one. */
function repository(): string {
  const dir = tempDir();
  cpSync(path.join(ROOT, "policies"), path.join(dir, "policies"), { recursive: true });
  committedRepo(dir);
  const file = path.join(dir, "policies", "segments", "steady-core.yaml");
  writeFileSync(
    file,
    readFileSync(file, "utf8").replace("capitalShare: { max: 0.70 }", "capitalShare: { max: 0.3 }"),
  );
  return dir;
}

describe("action.yml", () => {
  it("is a composite action whose scripts take inputs only from the environment", () => {
    expect(action.runs.using).toBe("composite");
    expect(step("install").run).toMatch(/cd "\$GITHUB_ACTION_PATH"\s+npm ci/);
    for (const s of action.runs.steps) expect(s.run ?? "").not.toContain("${{");
  });

  it("checks the change: annotations, exit code as output, SARIF, JUnit, the diff for the comment", () => {
    const repo = repository();
    const temp = tempDir();
    const files = {
      GITHUB_OUTPUT: path.join(temp, "output"),
      GITHUB_STEP_SUMMARY: path.join(temp, "summary.md"),
    };
    const inputs = (name: string) => action.inputs[name]?.default ?? "";
    const r = spawnSync("bash", ["-c", step("check").run ?? ""], {
      cwd: repo,
      encoding: "utf8",
      env: {
        ...process.env,
        ...files,
        GITHUB_ACTION_PATH: ROOT,
        RUNNER_TEMP: temp,
        SP_POLICIES: inputs("policies"),
        SP_DATA: data,
        SP_DB: "",
        SP_BASE: "main",
        SP_BASE_REF: "",
        SP_FAIL_ON: inputs("fail-on"),
        SP_WINDOW: inputs("window"),
        SP_SARIF: "out/findings.sarif",
        SP_JUNIT: "findings.xml",
      },
    });
    // the tightened fill-rate tolerance is a new error: the base branch's findings do not fail
    expect(r.status, r.stderr).toBe(1);
    expect(readFileSync(files.GITHUB_OUTPUT, "utf8")).toBe("tests-exit-code=0\nexit-code=1\n");
    // the policies' unit tests ran first, and passed
    expect(r.stdout).toMatch(/^\d+ cases in 3 files: \d+ passed, 0 failed$/m);
    const errors = r.stdout.split("\n").filter((l) => l.startsWith("::error "));
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.some((l) => l.includes("file=policies/segments/steady-core.yaml"))).toBe(true);
    expect(r.stdout).toMatch(/check: 1 finding at or above error not in the baseline → exit 1/);
    const sarif = JSON.parse(readFileSync(path.join(repo, "out", "findings.sarif"), "utf8")) as {
      runs: { results: { baselineState: string; ruleId: string }[] }[];
    };
    const fresh = sarif.runs[0]?.results.filter((x) => x.baselineState === "new") ?? [];
    expect(fresh.map((x) => x.ruleId)).toContain("tolerance-breach");
    expect(existsSync(path.join(repo, "findings.xml"))).toBe(true);
    expect(readFileSync(files.GITHUB_STEP_SUMMARY, "utf8")).toContain("# Evaluation as of");
    const diff = readFileSync(path.join(temp, "stockpolicy-diff.md"), "utf8");
    expect(diff).toContain("steady-core");
    expect(diff).toContain("0.3");
    // the base branch's worktree is gone again
    expect(
      execFileSync("git", ["worktree", "list"], { cwd: repo, encoding: "utf8" }).trim().split("\n"),
    ).toHaveLength(1);
  });
});
