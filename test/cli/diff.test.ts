/**
 * `stockpolicy diff --base REF` through the real CLI, in a throwaway git repository holding the
 * demo policies, over a small demo store: no change, a change that moves SKUs, JSON that agrees
 * with the Markdown, and bad revisions or bad base policies refused with exit 2.
 */
import { execFileSync } from "node:child_process";
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { PolicyDiff } from "../../src/governance/policy-diff.js";
import { ROOT, committedRepo, runCli, tempDir } from "../helpers/cli.js";
import { demoCopy } from "../helpers/demo-cache.js";
import type { AllocationRun } from "../../src/governance/allocate.js";

let db: string;

beforeAll(() => {
  const demo = path.join(tempDir(), "kitebird");
  demoCopy(demo, "small");
  db = path.join(demo, "outcomes.db");
});

/** A git repository with the demo policies committed; returns its folder. */
function repo(): string {
  const dir = tempDir();
  cpSync(path.join(ROOT, "policies"), path.join(dir, "policies"), { recursive: true });
  committedRepo(dir);
  return dir;
}

const edit = (dir: string, file: string, from: string, to: string): void => {
  const full = path.join(dir, "policies", file);
  const text = readFileSync(full, "utf8");
  expect(text).toContain(from);
  writeFileSync(full, text.replace(from, to));
};

const diff = (dir: string, ...args: string[]) =>
  runCli(["diff", "--base", "HEAD", "--db", db, ...args], { cwd: dir });

describe("stockpolicy diff", () => {
  it("says so when nothing changed", () => {
    const r = diff(repo());
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("**0 fields changed in 0 policies**, **0 SKUs change segment**");
    expect(r.stdout).toContain("No policy change.");
  });

  it("shows the fields changed, the SKUs that move, and the findings that appear", () => {
    const dir = repo();
    edit(
      dir,
      "segments/steady-core.yaml",
      "- { fact: demandCv, operator: lessThanInclusive, value: 0.5 }",
      "- { fact: demandCv, operator: lessThanInclusive, value: 0.12 }",
    );
    edit(dir, "segments/trend.yaml", "  fillRate: 0.9\n", "  fillRate: 0.92\n");
    const json = JSON.parse(diff(dir, "--format", "json").stdout) as PolicyDiff;
    expect(json.fields.map((f) => [f.policy, f.field, f.before, f.after])).toEqual([
      ["steady-core", "/match/all/1/value", 0.5, 0.12],
      ["trend", "/targets/fillRate", 0.9, 0.92],
    ]);
    // the changed line is where the new value is
    expect(json.fields[0]?.source).toMatchObject({
      file: "policies/segments/steady-core.yaml",
      line: 18,
    });
    const core = json.segments.find((s) => s.name === "steady-core");
    const moved = json.moves.filter((m) => m.from === "steady-core");
    const count = moved.reduce((t, m) => t + m.skus.length, 0);
    expect(count).toBeGreaterThan(0);
    expect((core?.before?.skus ?? 0) - (core?.after?.skus ?? 0)).toBe(count);
    expect(json.findings.appear.map((f) => f.id)).toContain("unassigned-sku:portfolio/portfolio");

    const md = diff(dir).stdout;
    expect(md).toContain(`**${count} SKUs change segment**`);
    expect(md).toContain(
      "| steady-core | `/match/all/1/value` | `0.5` | `0.12` | `policies/segments/steady-core.yaml:18:",
    );
    expect(md).toContain("#### Findings that appear");
  });

  it("says whether a changed fill-rate target moves towards where the same capital serves most", () => {
    const dir = repo();
    const today = JSON.parse(
      runCli(["allocate", "--db", db, "--format", "json"], { cwd: dir }).stdout,
    ) as AllocationRun;
    const budget = String(Math.ceil(today.allocation.current.capital));
    const best = JSON.parse(
      runCli(["allocate", "--db", db, "--format", "json", "--budget", budget], { cwd: dir }).stdout,
    ) as AllocationRun;
    const proposed = best.allocation.segments.find((s) => s.name === "steady-core")?.proposed
      .target;
    expect(proposed).toBeDefined();
    edit(dir, "segments/steady-core.yaml", "\n  fillRate: 0.97\n", "\n  fillRate: 0.96\n");
    const json = JSON.parse(diff(dir, "--format", "json").stdout) as PolicyDiff;
    const p = proposed as number;
    const expected =
      Math.abs(0.96 - p) < Math.abs(0.97 - p)
        ? "towards"
        : Math.abs(0.96 - p) > Math.abs(0.97 - p)
          ? "away"
          : "neither";
    expect(json.allocation?.targets).toEqual([
      { segment: "steady-core", before: 0.97, after: 0.96, proposed: p, direction: expected },
    ]);
    const words = { towards: "towards", away: "away from", neither: "no nearer to" }[expected];
    expect(diff(dir).stdout).toContain(`- steady-core: 97% → 96%, **${words}** the allocation's`);
  });

  it("states the capital and service a higher fill-rate target implies, by model and by replay", () => {
    const dir = repo();
    edit(dir, "segments/steady-core.yaml", "\n  fillRate: 0.97\n", "\n  fillRate: 0.99\n");
    const json = JSON.parse(diff(dir, "--format", "json").stdout) as PolicyDiff;
    expect(json.moves).toEqual([]);
    expect(json.implied.after.capital).toBeGreaterThan(json.implied.before.capital);
    expect(json.implied.after.fillRate).toBeGreaterThan(json.implied.before.fillRate ?? 1);
    const core = json.segments.find((s) => s.name === "steady-core");
    expect(core?.before?.impliedFillRate).toBeCloseTo(0.97, 6);
    expect(core?.after?.impliedFillRate).toBeCloseTo(0.99, 6);
    expect(core?.after?.impliedCapital).toBeGreaterThan(core?.before?.impliedCapital ?? Infinity);
    expect(core?.after?.replay.meanCapital).toBeGreaterThan(
      core?.before?.replay.meanCapital ?? Infinity,
    );
    expect(core?.after?.replay.stockoutDays).toBeLessThanOrEqual(
      core?.before?.replay.stockoutDays ?? -1,
    );
    // what the SKUs actually held does not depend on the policy text
    expect(core?.after?.capital).toBe(core?.before?.capital);
    const md = diff(dir).stdout;
    const delta = json.implied.after.capital - json.implied.before.capital;
    expect(md).toContain(`(+USD ${Math.round(delta).toLocaleString("en-US")})`);
  });

  it("refuses a revision that is not there, and base policies that are invalid, with exit 2", () => {
    const dir = repo();
    const r = runCli(["diff", "--base", "no-such-branch", "--db", db], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--base no-such-branch: expected a commit of the git repository/);

    edit(dir, "segments/trend.yaml", "priority: 200", "priority: high");
    execFileSync(
      "git",
      ["-c", "user.email=ci@example.com", "-c", "user.name=ci", "commit", "-qam", "broken"],
      { cwd: dir },
    );
    edit(dir, "segments/trend.yaml", "priority: high", "priority: 200");
    const bad = diff(dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/HEAD:policies\/segments\/trend\.yaml:\d+:\d+/);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });

  it("needs --base", () => {
    const r = runCli(["diff", "--db", db], { cwd: repo() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--base <ref>/);
  });

  it("outside a git repository says so, not that the revision has no such name", () => {
    const dir = tempDir();
    cpSync(path.join(ROOT, "policies"), path.join(dir, "policies"), { recursive: true });
    const r = runCli(["diff", "--base", "main", "--db", db], {
      cwd: dir,
      env: { GIT_CEILING_DIRECTORIES: path.dirname(dir) },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--base main: .* is not inside a git repository/);
    expect(r.stderr).not.toMatch(/by that name/);
  });
});
