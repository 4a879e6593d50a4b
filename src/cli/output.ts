import { mkdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
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
