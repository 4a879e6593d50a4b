/**
 * `stockpolicy allocate` and the seasonal policy through the real CLI on the demo companies: the
 * allocation serves at least today's margin with today's capital and keeps the bounds today
 * keeps; its patch applies with `git apply` and a replay of the patched policies gives what it
 * promised; bad flags are exit 2. And the committed seasonal-hero policy (forecast basis, build
 * window) replays within 3 points of its 98% target, where the same targets on the trailing
 * mean do not.
 */
import { execFileSync } from "node:child_process";
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { AllocationRun } from "../../src/governance/allocate.js";
import type { Simulation } from "../../src/governance/simulation.js";
import { runCli, tempDir } from "../helpers/cli.js";
import { demoCopy } from "../helpers/demo-cache.js";

let small: string;
let full: string;

const cli = (cwd: string, ...args: string[]) => runCli([...args, "--db", "outcomes.db"], { cwd });

beforeAll(() => {
  small = demoCopy(path.join(tempDir(), "small"), "small");
  full = demoCopy(path.join(tempDir(), "full"), "episodes");
});

const json = <T>(r: { code: number | null; stdout: string; stderr: string }): T => {
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as T;
};

describe("stockpolicy allocate", () => {
  it("with today's capital, serves at least today's margin and breaks no bound today keeps", () => {
    const first = json<AllocationRun>(cli(small, "allocate", "--format", "json"));
    expect(first.budgetSource).toBe("capital.max");
    expect(first.allocation.budget).toBe(1_800_000);
    const today = first.allocation.current.capital;
    const r = json<AllocationRun>(
      cli(small, "allocate", "--format", "json", "--budget", String(Math.ceil(today))),
    );
    const a = r.allocation;
    expect(r.budgetSource).toBe("budget");
    expect(a.proposed.capital).toBeLessThanOrEqual(Math.ceil(today));
    expect(a.proposed.margin).toBeGreaterThanOrEqual(a.current.margin);
    // every bound the proposal breaks, today's targets break too
    const key = (u: string) => u.split(":")[0];
    const todays = new Set(first.allocation.unmet.map(key));
    for (const u of a.unmet) expect(todays.has(key(u))).toBe(true);
    expect(r.frontiers.segments.length).toBeGreaterThan(0);
  });

  it("prints a patch that git applies, and the patched policies replay as it said", () => {
    const repo = path.join(tempDir(), "repo");
    cpSync(small, repo, { recursive: true });
    const git = (...args: string[]) => execFileSync("git", args, { cwd: repo, encoding: "utf8" });
    git("init", "-q");
    const budget = String(
      Math.ceil(
        json<AllocationRun>(cli(repo, "allocate", "--format", "json")).allocation.current.capital,
      ),
    );
    const promised = json<AllocationRun>(
      cli(repo, "allocate", "--format", "json", "--budget", budget),
    );
    const changed = promised.allocation.segments.filter(
      (s) => s.proposed.target !== s.current.target,
    );
    expect(changed.length).toBeGreaterThan(0);
    const patch = cli(repo, "allocate", "--format", "patch", "--budget", budget);
    expect(patch.code).toBe(0);
    writeFileSync(path.join(repo, "targets.patch"), patch.stdout);
    git("apply", "targets.patch");
    for (const s of changed) {
      const yaml = readFileSync(path.join(repo, "policies", "segments", `${s.name}.yaml`), "utf8");
      expect(yaml).toContain(`\n  fillRate: ${s.proposed.target}\n`);
    }
    expect(runCli(["validate"], { cwd: repo }).code).toBe(0);
    const replay = json<Simulation>(cli(repo, "simulate", "--format", "json"));
    for (const s of promised.allocation.segments) {
      const got = replay.segments.find((x) => x.name === s.name);
      expect(got?.targets?.fillRate).toBe(s.proposed.target);
      expect(got?.fillRate).toBeCloseTo(s.proposed.fillRate as number, 5);
      expect(got?.meanCapital).toBeCloseTo(s.proposed.capital, 0);
    }
  });

  it("says in the table what the same capital buys, and where the patch is", () => {
    const r = cli(small, "allocate");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^stockpolicy allocate: the most margin served within USD 1,800,000/);
    expect(r.stdout).toMatch(/\nportfolio +USD [0-9,]+ → USD [0-9,]+/);
    expect(r.stdout).toContain("Patch (git apply):");
    expect(r.stdout).toContain("--- a/policies/segments/");
  });

  it("refuses a budget that is not an amount, and an unknown objective, with exit 2", () => {
    const bad = cli(small, "allocate", "--budget", "1.8M");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(
      '--budget: expected a positive amount such as 500000, found "1.8M"',
    );
    const objective = cli(small, "allocate", "--objective", "profit");
    expect(objective.code).toBe(2);
    expect(objective.stderr).toContain("profit");
    expect(`${bad.stdout}${objective.stdout}`).toBe("");
  });
});

describe("the seasonal-hero policy (forecast basis, build window)", () => {
  it("replays within 3 points of its target; on the trailing mean the same targets do not", () => {
    const now = json<Simulation>(cli(full, "simulate", "--format", "json"));
    const hero = now.segments.find((s) => s.name === "seasonal-hero");
    expect(hero?.targets?.fillRate).toBe(0.98);
    expect(Math.abs((hero?.fillRate as number) - 0.98)).toBeLessThanOrEqual(0.03);
    expect(hero?.basis).toEqual({ asked: "forecast", fellBack: 0 });

    const before = path.join(tempDir(), "before");
    cpSync(path.join(full, "policies"), before, { recursive: true });
    const file = path.join(before, "segments", "seasonal-hero.yaml");
    const yaml = readFileSync(file, "utf8");
    const trailing = yaml.replace(/\n {2}demandBasis: .*\n {2}seasonalBuild:\n {4}- .*\n/, "\n");
    expect(trailing).not.toBe(yaml);
    writeFileSync(file, trailing);
    const then = json<Simulation>(cli(full, "simulate", "--format", "json", "--policies", before));
    const old = then.segments.find((s) => s.name === "seasonal-hero");
    expect(old?.basis.asked).toBe("trailing");
    expect(old?.fillRate as number).toBeLessThan(0.8);

    // without forecasts, last year's same weeks do as well (the data holds the year before)
    writeFileSync(file, yaml.replace("demandBasis: forecast", "demandBasis: last-year"));
    const profile = json<Simulation>(
      cli(full, "simulate", "--format", "json", "--policies", before),
    );
    const lastYear = profile.segments.find((s) => s.name === "seasonal-hero");
    expect(lastYear?.basis).toEqual({ asked: "last-year", fellBack: 0 });
    expect(Math.abs((lastYear?.fillRate as number) - 0.98)).toBeLessThanOrEqual(0.03);
  });
});
