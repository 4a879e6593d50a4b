/**
 * Every command the README shows in a `sh` block, run as written, in order, in one shell, in a
 * copy of this checkout (its tracked and new files, a git repository of one commit, this
 * checkout's node_modules linked): after `npm run demo`, the tour must work. A command is
 * expected to exit 0 unless its comment starts with `# exit N`. Not run: `npm ci` (the copy uses
 * this checkout's installed modules), `npm test` (this is it), and a block marked
 * `<!-- readme-test: skip, REASON -->` (the install into another project, which
 * test/pack.test.ts runs).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ROOT, tempDir } from "./helpers/cli.js";

interface Command {
  line: number;
  text: string;
  exit: number;
}

/** The README's sh commands with their line numbers, as the test runs them. */
export function readmeCommands(markdown: string): { run: Command[]; skipped: Command[] } {
  const lines = markdown.split("\n");
  const run: Command[] = [];
  const skipped: Command[] = [];
  let block: "run" | "skip" | undefined;
  lines.forEach((text, i) => {
    if (block === undefined && /^```sh\s*$/.test(text)) {
      // the marker is the last non-blank line before the block
      const before =
        lines
          .slice(0, i)
          .reverse()
          .find((l) => l.trim() !== "") ?? "";
      block = /^<!-- readme-test: skip/.test(before) ? "skip" : "run";
      return;
    }
    if (block !== undefined && /^```\s*$/.test(text)) {
      block = undefined;
      return;
    }
    if (block === undefined || text.trim() === "") return;
    const exit = Number(/\s#\s*exit (\d+)\b/.exec(text)?.[1] ?? 0);
    const command = { line: i + 1, text, exit };
    if (block === "skip" || /^npm test\s*$/.test(text)) skipped.push(command);
    else run.push({ ...command, text: text.replace(/^npm ci && /, "") });
  });
  return { run, skipped };
}

const README = readFileSync(path.join(ROOT, "README.md"), "utf8");
const { run, skipped } = readmeCommands(README);

/** A copy of the checkout: what git tracks or would track, as it is in the working tree. */
function copyCheckout(): string {
  const dir = path.join(tempDir(), "stockpolicy");
  const files = execFileSync(
    "git",
    ["ls-files", "-z", "--cached", "--others", "--exclude-standard"],
    {
      cwd: ROOT,
      encoding: "utf8",
    },
  )
    .split("\0")
    .filter(Boolean);
  for (const f of files) {
    mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    try {
      copyFileSync(path.join(ROOT, f), path.join(dir, f));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e; // deleted, not yet committed
    }
  }
  symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"));
  const git = (...args: string[]) =>
    execFileSync("git", ["-c", "user.email=ci@example.com", "-c", "user.name=ci", ...args], {
      cwd: dir,
      stdio: "ignore",
    });
  git("init", "-q", "-b", "main");
  git("add", ".");
  git("commit", "-qm", "the checkout");
  return dir;
}

/** One bash script: each command's stdout discarded, its stderr and exit code kept by number. */
function script(commands: readonly Command[], out: string): string {
  return commands
    .map((c, i) =>
      /^export /.test(c.text)
        ? c.text
        : `( ${c.text.replace(/\s+#.*$/, "")} ) > /dev/null 2> "${out}/${i}.err"; echo "${i} $?" >> "${out}/codes"`,
    )
    .join("\n");
}

let codes: Map<number, number>;
let errors: string;

beforeAll(() => {
  const repo = copyCheckout();
  errors = tempDir();
  writeFileSync(path.join(errors, "codes"), "");
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    npm_config_update_notifier: "false",
    npm_config_offline: "true",
  };
  delete env.STOCKPOLICY_DB;
  const r = spawnSync("bash", ["-c", script(run, errors)], { cwd: repo, env, encoding: "utf8" });
  expect(r.status, r.stderr).toBe(0);
  codes = new Map(
    readFileSync(path.join(errors, "codes"), "utf8")
      .trim()
      .split("\n")
      .filter(Boolean)
      .map((l) => l.split(" ").map(Number) as [number, number]),
  );
}, 600_000);

describe("the README's commands", () => {
  it("are found: the demo first, then the tour, and only the install into another project skipped", () => {
    expect(run[0]?.text).toBe("npm run demo");
    expect(run.length).toBeGreaterThan(25);
    expect(skipped.map((c) => c.text.split(/\s+#/)[0]?.trim())).toEqual([
      "npm test",
      "npm install --save-dev github:stockpolicy/stockpolicy",
      "npm install --save-dev ./stockpolicy-0.1.0.tgz",
      "npx stockpolicy validate",
    ]);
  });

  it.each(
    run.flatMap((c, i) => (/^export /.test(c.text) ? [] : [[c.line, c.text, c.exit, i] as const])),
  )("README.md:%i `%s` exits %i", (_line, _text, exit, i) => {
    const err = (() => {
      try {
        return readFileSync(path.join(errors, `${i}.err`), "utf8");
      } catch {
        return "(not run)";
      }
    })();
    expect(codes.get(i), err).toBe(exit);
  });
});
