import * as path from "node:path";
import { isStandardStream, writeFileAtomic } from "../files.js";
import type { Format, Formats, Rendered } from "../report/format.js";
import { neutralizeCommands } from "../report/escape.js";
import { formatOf } from "../report/format.js";
import type { Io } from "./io.js";

/**
 * A command's output: to the --out file when given (written atomically, its folder made: on a
 * full disk the previous file stays whole), else to stdout.
 */
export function writeOutput(text: string, out: string | undefined, io: Io): void {
  if (!out) {
    io.stdout(text);
    return;
  }
  writeFileAtomic(path.resolve(io.cwd, out), text);
}

/**
 * A renderer's output: its text to --out or stdout, and any problems it set aside to stderr;
 * what reaches a terminal or CI log is guarded against workflow commands unless the format
 * writes annotations on purpose.
 */
export function emit(
  rendered: Rendered,
  io: Io,
  out?: string,
  format: { annotations?: true } = {},
): void {
  // --out /dev/stdout (or stderr) reaches the same log as no --out: guarded alike.
  const toFile = out !== undefined && !isStandardStream(path.resolve(io.cwd, out));
  const guard = (s: string): string => (format.annotations || toFile ? s : neutralizeCommands(s));
  if (typeof rendered === "string") return writeOutput(guard(rendered), out, io);
  if (rendered.stderr) io.stderr(neutralizeCommands(rendered.stderr));
  if (rendered.stdout) writeOutput(guard(rendered.stdout), out, io);
}

/** The format a command was asked for, from its registry (commander has checked the name). */
export function chosen<T>(formats: Formats<T>, name: string): Format<T> {
  const format = formatOf(formats, name) ?? Object.values(formats)[0];
  if (!format) throw new Error("a command without formats");
  return format;
}
