import { mkdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import type { Format, Formats, Rendered } from "../report/format.js";
import { formatOf } from "../report/format.js";
import type { Io } from "./io.js";

/** A command's output: to the --out file when given (its folder made), else to stdout. */
export function writeOutput(text: string, out: string | undefined, io: Io): void {
  if (!out) {
    io.stdout(text);
    return;
  }
  const file = path.resolve(io.cwd, out);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

/** A renderer's output: its text to --out or stdout, and any problems it set aside to stderr. */
export function emit(rendered: Rendered, io: Io, out?: string): void {
  if (typeof rendered === "string") return writeOutput(rendered, out, io);
  if (rendered.stderr) io.stderr(rendered.stderr);
  if (rendered.stdout) writeOutput(rendered.stdout, out, io);
}

/** The format a command was asked for, from its registry (commander has checked the name). */
export function chosen<T>(formats: Formats<T>, name: string): Format<T> {
  const format = formatOf(formats, name) ?? Object.values(formats)[0];
  if (!format) throw new Error("a command without formats");
  return format;
}
