/**
 * Reads the policy folder: `tolerance.yaml`, `segments/*.yaml`, `checks/*.yaml`. I/O only;
 * what the files say is judged by `validatePolicies`.
 */
import { readFile, readdir, stat } from "node:fs/promises";
import * as path from "node:path";
import { UsageError } from "../errors.js";
import { displayPath } from "../paths.js";
import type { Problem } from "../errors.js";

export type PolicyLocation = "tolerance" | "segments" | "checks";

export interface PolicyFile {
  /** Path for messages: relative to the working directory when inside it. */
  file: string;
  location: PolicyLocation;
  text: string;
}

const YAML = /\.ya?ml$/i;

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
  const read = async (abs: string, location: PolicyLocation): Promise<void> => {
    try {
      files.push({ file: shown(abs), location, text: await readFile(abs, "utf8") });
    } catch (e) {
      problems.push({
        file: shown(abs),
        line: 1,
        column: 1,
        code: "unreadable-file",
        message: `expected a readable file, found ${(e as NodeJS.ErrnoException).code ?? "an error"}`,
      });
    }
  };
  for (const entry of (await readdir(root, { withFileTypes: true })).sort((a, b) =>
    a.name.localeCompare(b.name),
  )) {
    const abs = path.join(root, entry.name);
    if (entry.isDirectory() && (entry.name === "segments" || entry.name === "checks")) {
      const names = (await readdir(abs)).filter((n) => YAML.test(n)).sort();
      for (const n of names) await read(path.join(abs, n), entry.name);
    } else if (entry.isFile() && /^tolerance\.ya?ml$/i.test(entry.name)) {
      await read(abs, "tolerance");
    } else if (entry.isFile() && YAML.test(entry.name)) {
      problems.push({
        file: shown(abs),
        line: 1,
        column: 1,
        code: "unexpected-file",
        message:
          "expected policy files only as tolerance.yaml, segments/*.yaml or checks/*.yaml, found this " +
          "file, which would be ignored",
      });
    }
  }
  return { files, problems };
}
