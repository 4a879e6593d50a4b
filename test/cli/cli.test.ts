import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, policyFixture, runCli } from "../helpers/cli.js";

const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
  version: string;
};

describe("the stockpolicy CLI", () => {
  it("prints its version", () => {
    const r = runCli(["--version"]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(pkg.version);
  });

  it("lists its commands in --help", () => {
    const r = runCli(["--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("validate");
  });

  it.each(["validate", "ingest", "evaluate", "explain", "check", "demo"])(
    "%s --help shows an example",
    (command) => {
      const r = runCli([command, "--help"]);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/Examples?:\n\s+\$ stockpolicy /);
    },
  );

  it("validates the demo policies", () => {
    const r = runCli(["validate"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      "policies: valid — 1 risk tolerance, 5 segments, 2 checks, 3 exceptions\n",
    );
  });

  it("prints the validated policies as JSON", () => {
    const r = runCli(["validate", "--format", "json"]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as {
      valid: boolean;
      policies: { segments: { name: string; file: string; owner: string }[] };
    };
    expect(out.valid).toBe(true);
    expect(out.policies.segments).toContainEqual({
      name: "steady-core",
      version: 4,
      file: "policies/segments/steady-core.yaml",
      owner: "planning-lead@kitebird.example",
    });
  });

  it.each([
    { name: "unknown option", args: ["validate", "--bogus"], says: "unknown option '--bogus'" },
    { name: "unknown format", args: ["validate", "--format", "xml"], says: "xml" },
    { name: "unknown command", args: ["frobnicate"], says: "unknown command 'frobnicate'" },
    {
      name: "missing policies folder",
      args: ["validate", "--policies", "nowhere"],
      says: "policies folder not found: nowhere",
    },
    { name: "no command at all", args: [], says: "Usage: stockpolicy" },
    {
      // --data loads into a throwaway store: the --db was once silently ignored
      name: "--db beside --data",
      args: ["evaluate", "--data", "data", "--db", "mine.db"],
      says: "--db and --data: expected one of them",
    },
  ])("exits 2 on bad usage: $name", ({ args, says }) => {
    const r = runCli(args, { cwd: policyFixture() });
    expect(r.code).toBe(2);
    expect(`${r.stdout}${r.stderr}`).toContain(says);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("reads --policies relative to the working directory", () => {
    const dir = policyFixture();
    const r = runCli(["validate", "--policies", "policies"], { cwd: dir });
    expect(r.code).toBe(0);
  });
});
