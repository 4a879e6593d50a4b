/**
 * The package as another repository gets it: `npm pack`, installed as a dev dependency into a
 * fresh project, and run there through `npx stockpolicy`. Installed with --ignore-scripts and
 * this checkout's compiled better-sqlite3 binary copied in (the same version, on the same
 * machine), so the test does not spend minutes compiling it again; a real install compiles it.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, readdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { dataset } from "./helpers/data.js";
import { ROOT, tempDir } from "./helpers/cli.js";

let project: string;

const npx = (...args: string[]) =>
  spawnSync("npx", ["--no-install", "stockpolicy", ...args], { cwd: project, encoding: "utf8" });

beforeAll(() => {
  const packed = tempDir();
  // dist/ is built by the test setup; --ignore-scripts keeps pack from rebuilding it under other tests
  execFileSync("npm", ["pack", "--ignore-scripts", "--pack-destination", packed], {
    cwd: ROOT,
    stdio: "ignore",
  });
  const tarball = readdirSync(packed).find((f) => f.endsWith(".tgz")) ?? "";
  project = tempDir();
  writeFileSync(path.join(project, "package.json"), '{ "name": "shop", "private": true }\n');
  execFileSync(
    "npm",
    [
      "install",
      "--save-dev",
      "--ignore-scripts",
      "--prefer-offline",
      "--no-audit",
      "--no-fund",
      path.join(packed, tarball),
    ],
    { cwd: project, stdio: "ignore" },
  );
  cpSync(
    path.join(ROOT, "node_modules", "better-sqlite3", "build"),
    path.join(project, "node_modules", "better-sqlite3", "build"),
    { recursive: true },
  );
  cpSync(path.join(ROOT, "policies"), path.join(project, "policies"), { recursive: true });
}, 180_000);

describe("the packed package, installed elsewhere", () => {
  it("holds the CLI, its schemas and the contract, and no tests or sources", () => {
    const installed = path.join(project, "node_modules", "stockpolicy");
    const top = readdirSync(installed).sort();
    expect(top).toEqual(
      expect.arrayContaining(["CONTRACT.md", "README.md", "bin", "dist", "schemas", "policies"]),
    );
    expect(top).not.toContain("test");
    expect(top).not.toContain("src");
  });

  it("validates a policy folder with npx stockpolicy validate", () => {
    const r = npx("validate");
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^policies: valid — 1 risk tolerance, 5 segments, 2 checks/);
  });

  it("loads outcomes into its own store and checks against them", () => {
    const ingest = npx("ingest", dataset());
    expect(ingest.status, ingest.stderr).toBe(0);
    expect(ingest.stdout).toContain(
      `loaded into ${path.join(project, ".stockpolicy", "outcomes.db")}`,
    );
    const check = npx("check", "--format", "json");
    expect([0, 1]).toContain(check.status);
    expect((JSON.parse(check.stdout) as { tool: { name: string } }).tool.name).toBe("stockpolicy");
  });
});
