import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const BIN = path.join(ROOT, "bin", "stockpolicy.js");

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI as a subprocess. */
export function runCli(
  args: readonly string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, ...options.env },
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024, // a corpus case may print thousands of problems
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Every temporary folder this test file made: test/helpers/cleanup.ts removes them after it. */
export const TEMP_DIRS = new Set<string>();

/** A temporary folder, removed when the test file is done. */
export function tempDir(prefix = "stockpolicy-"): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  TEMP_DIRS.add(dir);
  return dir;
}

/** Removes the temporary folders made so far. */
export function removeTempDirs(): void {
  for (const dir of TEMP_DIRS) rmSync(dir, { recursive: true, force: true });
  TEMP_DIRS.clear();
}

/**
 * A copy of the demo policies in a temp folder, with files replaced (text) or removed (null).
 * Returns the folder that holds `policies/`.
 */
export function policyFixture(
  changes: Readonly<Record<string, string | null>> = {},
  options: { demoExceptions?: boolean } = {},
): string {
  const dir = tempDir();
  cpSync(path.join(ROOT, "policies"), path.join(dir, "policies"), { recursive: true });
  // Tests of exceptions start from none: the demo's own would be in every count.
  if (options.demoExceptions === false)
    rmSync(path.join(dir, "policies", "exceptions"), { recursive: true, force: true });
  for (const [rel, text] of Object.entries(changes)) {
    const file = path.join(dir, "policies", rel);
    if (text === null) rmSync(file, { force: true });
    else {
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, text);
    }
  }
  return dir;
}

/** Runs git in `dir` as a CI identity (no global git config needed). */
export function git(dir: string, ...args: string[]): string {
  return execFileSync("git", ["-c", "user.email=ci@example.com", "-c", "user.name=ci", ...args], {
    cwd: dir,
    encoding: "utf8",
  });
}

/** A git repository at `dir` with everything in it committed on branch main; returns dir. */
export function committedRepo(dir: string): string {
  git(dir, "init", "-q", "-b", "main");
  git(dir, "add", ".");
  git(dir, "commit", "-qm", "policies");
  return dir;
}
