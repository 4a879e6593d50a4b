/**
 * `stockpolicy diff` of a pull request that adds, extends and removes exceptions, through the
 * real CLI in a throwaway git repository: the exceptions table and the findings it silences.
 */
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Finding } from "../../src/findings/finding.js";
import type { PolicyDiff } from "../../src/governance/policy-diff.js";
import { ROOT, committedRepo, runCli, tempDir } from "../helpers/cli.js";
import { demoCopy } from "../helpers/demo-cache.js";

let db: string;

beforeAll(() => {
  const demo = path.join(tempDir(), "kitebird");
  demoCopy(demo, "small");
  db = path.join(demo, "outcomes.db");
});

const exception = (name: string, covers: string, expires: string): string =>
  [
    "apiVersion: stockpolicy/v1",
    "kind: PolicyException",
    "metadata:",
    `  name: ${name}`,
    "  version: 1",
    "  owner: hero-planner@kitebird.example",
    "  approvedBy: cfo@kitebird.example",
    "  approvedOn: 2026-10-01",
    "  reason: Agreed at the October review.",
    "covers:",
    covers,
    `expires: ${expires}`,
    "",
  ].join("\n");

describe("diff of exceptions", () => {
  it("lists the exceptions a change adds, extends and removes, and the findings it waives", () => {
    const dir = tempDir();
    cpSync(path.join(ROOT, "policies"), path.join(dir, "policies"), { recursive: true });
    const folder = path.join(dir, "policies", "exceptions");
    // the demo's own exceptions are left out: the change below is the whole folder
    rmSync(folder, { recursive: true, force: true });
    mkdirSync(folder);
    const write = (name: string, text: string) => writeFileSync(path.join(folder, name), text);
    write("stale.yaml", exception("stale", "  kind: stale-review", "2026-11-15"));
    write("old.yaml", exception("old", "  kind: asymmetry", "2026-11-15"));
    committedRepo(dir);

    const check = runCli(["check", "--db", db, "--format", "json"], { cwd: dir });
    const failing = (JSON.parse(check.stdout) as { check: { failing: string[] } }).check.failing;
    const target = failing.find((id) => !id.startsWith("stale-review")) as string;
    expect(target).toBeDefined();

    write("stale.yaml", exception("stale", "  kind: stale-review", "2026-12-20"));
    rmSync(path.join(folder, "old.yaml"));
    write("new.yaml", exception("new", `  finding: ${target}`, "2026-12-01"));

    const r = runCli(["diff", "--base", "HEAD", "--db", db, "--format", "json"], { cwd: dir });
    expect(r.stderr).toBe("");
    const d = JSON.parse(r.stdout) as PolicyDiff;
    expect(
      d.exceptions.map((e) => [e.name, e.change, e.expires.before, e.expires.after, e.source.line]),
    ).toEqual([
      ["new", "added", null, "2026-12-01", 12],
      ["old", "removed", "2026-11-15", null, 4],
      ["stale", "extended", "2026-11-15", "2026-12-20", 12],
    ]);
    expect(d.findings.waived.map((f: Finding) => [f.id, f.waived?.exception])).toEqual([
      [target, "new"],
    ]);
    expect(
      d.fields.filter((f) => f.kind === "PolicyException").map((f) => [f.policy, f.field]),
    ).toEqual([
      ["new", ""],
      ["stale", "/expires"],
      ["old", ""],
    ]);

    const markdown = runCli(["diff", "--base", "HEAD", "--db", db], { cwd: dir }).stdout;
    expect(markdown).toContain(
      "| stale | extended | 2026-11-15 → 2026-12-20 | hero-planner@kitebird.example | cfo@kitebird.example | `policies/exceptions/stale.yaml:12` |",
    );
    expect(markdown).toContain("| old | removed | 2026-11-15 |");
    const waived = markdown.slice(markdown.indexOf("#### Findings the change waives"));
    expect(waived).toContain(`\`${target}\``);
  });
});
