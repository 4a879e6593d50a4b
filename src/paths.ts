import * as path from "node:path";

/**
 * A path for messages: relative to the working directory when inside it, else absolute;
 * always with forward slashes.
 *
 * @example displayPath("/work", "/work/policies/tolerance.yaml") // "policies/tolerance.yaml"
 */
export function displayPath(cwd: string, file: string): string {
  const abs = path.resolve(cwd, file);
  const rel = path.relative(cwd, abs);
  const shown = rel === "" || rel.startsWith("..") || path.isAbsolute(rel) ? abs : rel;
  return shown.split(path.sep).join("/");
}
