/**
 * Reads the policy folder: `tolerance.yaml`, `segments/*.yaml`, `checks/*.yaml`,
 * `exceptions/*.yaml`, `tests/*.yaml` (a test's data folders are read when it runs). I/O only;
 * what the files say is judged by `validatePolicies`. Policies come in pull requests, so only
 * regular files are read: a symbolic link (to /proc/self/environ, to /etc/passwd) is a problem,
 * never followed, and so is a policy folder that is one; a file over
 * MAX_POLICY_BYTES or not UTF-8 is a problem too.
 */
import { lstat, readFile, readdir, stat } from "node:fs/promises";
import * as path from "node:path";
import { lineAndColumn, notUtf8 } from "../encoding.js";
import { UsageError } from "../errors.js";
import { displayPath } from "../paths.js";
import type { Problem } from "../errors.js";

export type PolicyLocation = "tolerance" | "segments" | "checks" | "exceptions" | "tests";

export interface PolicyFile {
  /** Path for messages: relative to the working directory when inside it. */
  file: string;
  location: PolicyLocation;
  text: string;
}

const YAML = /\.ya?ml$/i;

/** The folders of policy files, each of one kind. */
const FOLDERS: readonly string[] = ["segments", "checks", "exceptions", "tests"];

/** A policy file is a page of YAML: past this, it is not one. */
export const MAX_POLICY_BYTES = 1 << 20;

/** @example await readPolicyFiles("policies", process.cwd()) */
export async function readPolicyFiles(
  dir: string,
  cwd: string,
): Promise<{ files: PolicyFile[]; problems: Problem[] }> {
  const root = path.resolve(cwd, dir);
  const info = await stat(root).catch(() => undefined);
  if (!info?.isDirectory())
    throw new UsageError(
      `policies folder not found: ${dir} (expected tolerance.yaml, segments/ and checks/ inside it)`,
    );
  const shown = (abs: string): string => displayPath(cwd, abs);
  const files: PolicyFile[] = [];
  const problems: Problem[] = [];
  const refuse = (
    abs: string,
    code: Problem["code"],
    message: string,
    at = { line: 1, column: 1 },
  ): void => {
    problems.push({ file: shown(abs), ...at, code, message });
  };
  const read = (abs: string, location: PolicyLocation): Promise<void> =>
    readOne(abs, (text) => files.push({ file: shown(abs), location, text }), refuse);
  for (const entry of (await readdir(root, { withFileTypes: true })).sort((a, b) =>
    a.name.localeCompare(b.name),
  )) {
    const abs = path.join(root, entry.name);
    const folder = FOLDERS.includes(entry.name);
    if (folder && entry.isSymbolicLink()) {
      refuse(
        abs,
        "not-a-regular-file",
        "expected a folder, found a symbolic link (links are not followed)",
      );
    } else if (folder && entry.isDirectory()) {
      const names = (await readdir(abs)).filter((n) => YAML.test(n)).sort();
      for (const n of names) await read(path.join(abs, n), entry.name as PolicyLocation);
    } else if (/^tolerance\.ya?ml$/i.test(entry.name)) {
      await read(abs, "tolerance");
    } else if (YAML.test(entry.name)) {
      problems.push({
        file: shown(abs),
        line: 1,
        column: 1,
        code: "unexpected-file",
        message:
          "expected policy files only as tolerance.yaml, segments/*.yaml, checks/*.yaml, " +
          "exceptions/*.yaml or tests/*.yaml, found this " +
          "file, which would be ignored",
      });
    }
  }
  return { files, problems };
}

/** What a path that is not a regular file is instead. */
function notRegular(info: { isSymbolicLink(): boolean; isDirectory(): boolean }): string {
  if (info.isSymbolicLink())
    return "expected a regular file, found a symbolic link (links are not followed: one could point anywhere)";
  return `expected a regular file, found ${info.isDirectory() ? "a folder" : "a special file"}`;
}

type Refuse = (
  abs: string,
  code: Problem["code"],
  message: string,
  at?: { line: number; column: number },
) => void;

/**
 * A small YAML file outside the policy folder (a column mapping), read as a policy file is: a
 * regular file of at most 1 MiB of UTF-8, or the problem that says why not.
 */
export async function readSmallText(abs: string): Promise<{ text: string } | { problem: Problem }> {
  let result: { text: string } | { problem: Problem } | undefined;
  await readOne(
    abs,
    (text) => (result = { text }),
    (file, code, message, at) =>
      (result = { problem: { file, line: at?.line ?? 1, column: at?.column ?? 1, code, message } }),
  );
  return (
    result ?? {
      problem: { file: abs, line: 1, column: 1, code: "unreadable-file", message: "not read" },
    }
  );
}

/** Reads one policy file if it is a regular, small, UTF-8 one; otherwise says why not. */
async function readOne(abs: string, accept: (text: string) => void, refuse: Refuse): Promise<void> {
  try {
    const info = await lstat(abs);
    if (!info.isFile()) return refuse(abs, "not-a-regular-file", notRegular(info));
    if (info.size > MAX_POLICY_BYTES)
      return refuse(
        abs,
        "too-large",
        `expected a policy file of at most 1 MiB, found ${info.size} bytes`,
      );
    const bytes = await readFile(abs);
    const bad = notUtf8(bytes);
    if (bad && bad.pending === undefined)
      return refuse(
        abs,
        "not-utf8",
        `expected UTF-8 text, found ${bad.looksLike}`,
        lineAndColumn(bytes, bad.offset),
      );
    accept(bytes.toString("utf8"));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? "an error";
    refuse(abs, "unreadable-file", `expected a readable file, found ${code}`);
  }
}
