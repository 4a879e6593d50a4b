/**
 * A unified diff (for `git apply` or a review) that sets `targets.fillRate` in each policy file
 * whose segment the allocation moves: only the number on its line is replaced, so comments and
 * layout stay. Pure: the files' text comes in, the patch text goes out.
 */

export interface TargetFile {
  file: string;
  /** 1-based line and column of the fillRate value. */
  line: number;
  column: number;
  text: string;
}

const CONTEXT = 3;

/** The line with the number at `column` replaced by `value`. */
function replaceNumber(line: string, column: number, value: number): string {
  const start = column - 1;
  const match = /^[0-9.eE+-]+/.exec(line.slice(start));
  if (!match) throw new RangeError(`no number at column ${column} of "${line}"`);
  return `${line.slice(0, start)}${String(value)}${line.slice(start + match[0].length)}`;
}

/** One file's hunk: the fillRate line changed, with up to three lines of context each side. */
export function targetPatch(f: TargetFile, value: number): string {
  const lines = f.text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  const i = f.line - 1;
  const before = lines[i] as string;
  const after = replaceNumber(before, f.column, value);
  const from = Math.max(0, i - CONTEXT);
  const to = Math.min(lines.length - 1, i + CONTEXT);
  const size = to - from + 1;
  return [
    `--- a/${f.file}`,
    `+++ b/${f.file}`,
    `@@ -${from + 1},${size} +${from + 1},${size} @@`,
    ...lines.slice(from, i).map((l) => ` ${l}`),
    `-${before}`,
    `+${after}`,
    ...lines.slice(i + 1, to + 1).map((l) => ` ${l}`),
    "",
  ].join("\n");
}
