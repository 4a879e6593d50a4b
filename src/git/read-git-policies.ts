/**
 * The policy files of a folder as they were at a git revision, read through `git` (ls-tree and
 * show), without touching the working tree. I/O only; the files are validated like any others.
 * Their names read `REF:policies/segments/trend.yaml`, so a problem says which version it is in.
 */
import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { RunError, UsageError } from "../errors.js";
import { displayPath } from "../paths.js";
import type { PolicyFile, PolicyLocation } from "../policy/read-policy-files.js";

function git(args: readonly string[], cwd: string): string {
  try {
    return execFileSync("git", args, {
      cwd,
      encoding: "utf8",
      maxBuffer: 256 * 1024 * 1024,
      stdio: ["ignore", "pipe", "pipe"],
    });
  } catch (e) {
    const err = e as { stderr?: string; code?: string };
    if (err.code === "ENOENT")
      throw new UsageError("git not found on PATH: diff reads the base policies through git");
    throw new UsageError(`git ${args.join(" ")}: ${(err.stderr ?? String(e)).trim()}`);
  }
}

function locationOf(rel: string): PolicyLocation | undefined {
  if (/^tolerance\.ya?ml$/i.test(rel)) return "tolerance";
  const m = /^(segments|checks|exceptions|tests)\/[^/]+\.ya?ml$/i.exec(rel);
  return m ? (m[1] as PolicyLocation) : undefined;
}

/** Whether cwd is inside a git working tree (a folder outside one has no revisions at all). */
function insideWorkTree(cwd: string): boolean {
  try {
    return git(["rev-parse", "--is-inside-work-tree"], cwd).trim() === "true";
  } catch {
    return false;
  }
}

/** @example readGitPolicyFiles("origin/main", "policies", process.cwd()) */
export function readGitPolicyFiles(ref: string, dir: string, cwd: string): PolicyFile[] {
  if (ref.startsWith("-")) throw new RunError({ code: "not-a-revision", ref });
  if (!insideWorkTree(cwd)) throw new RunError({ code: "not-a-repository", ref, dir: cwd });
  let commit = "";
  try {
    commit = git(["rev-parse", "--verify", "--quiet", `${ref}^{commit}`], cwd).trim();
  } catch {
    commit = "";
  }
  if (!commit) throw new RunError({ code: "unknown-revision", ref, repository: cwd });
  const top = git(["rev-parse", "--show-toplevel"], cwd).trim();
  const root = path.resolve(cwd, dir);
  const inRepo = path.relative(top, root).split(path.sep).join("/");
  if (inRepo.startsWith(".."))
    throw new RunError({ code: "policies-outside-repository", dir, repository: top });
  const prefix = inRepo === "" ? "" : `${inRepo}/`;
  const listed = git(["ls-tree", "-r", "--name-only", "-z", commit, "--", prefix || "."], top)
    .split("\0")
    .filter(Boolean);
  const files: PolicyFile[] = [];
  for (const name of listed.sort()) {
    const location = locationOf(name.slice(prefix.length));
    if (!location) continue;
    files.push({
      file: `${ref}:${displayPath(cwd, path.join(top, name))}`,
      location,
      text: git(["show", `${commit}:${name}`], top),
    });
  }
  if (!files.some((f) => f.location === "tolerance"))
    throw new RunError({ code: "no-tolerance-at-revision", ref, file: `${prefix}tolerance.yaml` });
  return files;
}
