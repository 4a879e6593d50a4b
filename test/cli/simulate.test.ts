/**
 * `stockpolicy simulate` through the real CLI on a small demo company: the trade-off a policy
 * change buys (higher fill-rate targets: more capital, fewer stockout days) on the same history,
 * totals that add up, every format, and bad dates refused with exit 2.
 */
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Simulation } from "../../src/governance/simulation.js";
import { runCli, tempDir } from "../helpers/cli.js";
import { demoCopy } from "../helpers/demo-cache.js";

let demo: string;

const simulate = (...args: string[]) =>
  runCli(["simulate", "--db", "outcomes.db", "--policies", "policies", ...args], { cwd: demo });

beforeAll(() => {
  demo = path.join(tempDir(), "kitebird");
  demoCopy(demo, "small");
});

describe("stockpolicy simulate", () => {
  it("replays the last 365 days by default, and the totals add up", () => {
    const r = simulate("--format", "json");
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout) as Simulation;
    expect([s.from, s.to, s.days]).toEqual(["2025-11-01", "2026-10-31", 365]);
    const sum = (k: "stockoutDays" | "orders" | "replayed" | "skus") =>
      s.segments.reduce((t, x) => t + x[k], 0);
    expect(s.portfolio.stockoutDays).toBe(sum("stockoutDays"));
    expect(s.portfolio.orders).toBe(sum("orders"));
    expect(s.portfolio.skus).toBe(60);
    expect(s.portfolio.skus).toBe(sum("skus"));
    expect(s.portfolio.meanCapital).toBeCloseTo(
      s.segments.reduce((t, x) => t + x.meanCapital, 0),
      4,
    );
    // a run-down segment orders nothing
    const clearance = s.segments.find((x) => x.name === "clearance");
    expect(clearance).toMatchObject({ replayed: 0, orders: 0, targets: null });
    for (const x of s.segments.filter((y) => y.replayed > 0)) {
      expect(x.fillRate).toBeGreaterThan(0);
      expect(x.fillRate).toBeLessThanOrEqual(1);
      // the formula is built to meet the target
      expect(x.formula.fillRate).toBeCloseTo(x.targets?.fillRate ?? 0, 3);
    }
  });

  it("shows the trade-off: higher fill-rate targets cost capital and buy fewer stockout days", () => {
    const raised = path.join(tempDir(), "policies");
    cpSync(path.join(demo, "policies"), raised, { recursive: true });
    const raise = (file: string, from: string, to: string) => {
      const full = path.join(raised, "segments", file);
      const text = readFileSync(full, "utf8");
      expect(text).toContain(from);
      writeFileSync(full, text.replace(from, to));
    };
    raise("steady-core.yaml", "\n  fillRate: 0.97\n", "\n  fillRate: 0.99\n");
    raise("long-tail.yaml", "\n  fillRate: 0.85\n", "\n  fillRate: 0.95\n");
    const before = JSON.parse(simulate("--format", "json").stdout) as Simulation;
    const after = JSON.parse(
      runCli(["simulate", "--db", "outcomes.db", "--policies", raised, "--format", "json"], {
        cwd: demo,
      }).stdout,
    ) as Simulation;
    for (const name of ["steady-core", "long-tail"]) {
      const b = before.segments.find((x) => x.name === name);
      const a = after.segments.find((x) => x.name === name);
      expect(a?.meanCapital).toBeGreaterThan(b?.meanCapital ?? Infinity);
      expect(a?.formula.capital).toBeGreaterThan(b?.formula.capital ?? Infinity);
      expect(a?.stockoutDays).toBeLessThan(b?.stockoutDays ?? -1);
      expect(a?.fillRate).toBeGreaterThan(b?.fillRate ?? 1);
    }
    // the other segments replay exactly as before: same history, same policy
    for (const name of ["seasonal-hero", "trend"])
      expect(after.segments.find((x) => x.name === name)).toEqual(
        before.segments.find((x) => x.name === name),
      );
  });

  it("replays a given period, and prints a table and Markdown", () => {
    const s = JSON.parse(
      simulate("--from", "2026-05-01", "--to", "2026-10-31", "--format", "json").stdout,
    ) as Simulation;
    expect([s.from, s.to, s.days]).toEqual(["2026-05-01", "2026-10-31", 184]);
    const table = simulate("--from", "2026-05-01", "--to", "2026-10-31").stdout;
    expect(table).toContain("stockpolicy replay 2026-05-01 – 2026-10-31 (184 days)");
    for (const x of s.segments)
      expect(table).toMatch(new RegExp(`^${x.name}\\s+${x.replayed}/${x.skus}`, "m"));
    const md = simulate("--format", "markdown").stdout;
    expect(md).toMatch(/^\| segment \| skus \| target \|/m);
  });

  it.each([
    [["--from", "2026-02-30"], /--from: expected a real date YYYY-MM-DD, found "2026-02-30"/],
    [["--from", "2026-10-01", "--to", "2026-09-01"], /--from 2026-10-01 is after --to 2026-09-01/],
    [["--from", "2030-01-01", "--to", "2030-02-01"], /nothing of that period/],
    [["--format", "html"], /argument 'html' is invalid/],
  ])("refuses %j with exit 2", (args, message) => {
    const r = simulate(...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
