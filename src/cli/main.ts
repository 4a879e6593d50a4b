/**
 * The process boundary: runs the program and maps every outcome to an exit code.
 * 0 done · 1 check found findings · 2 bad usage or bad input · 70 internal error (a bug).
 */
import { CommanderError } from "commander";
import {
  ProblemsError,
  RunError,
  StoreUnavailableError,
  UsageError,
  formatProblem,
  isConnectionFailure,
} from "../errors.js";
import { whyWriteFailed, writeAll } from "../files.js";
import { escapeText, neutralizeCommands } from "../report/escape.js";
import type { Io } from "./io.js";
import { buildProgram } from "./program.js";
import { wordRunFailure } from "./word-run-failure.js";

export const EXIT_INTERNAL = 70;
/** The store is unreachable or went away mid-run (sysexits EX_UNAVAILABLE). */
export const EXIT_UNAVAILABLE = 69;

export async function main(argv: readonly string[], io: Io): Promise<number> {
  let exitCode = 0;
  const program = buildProgram(io, (code) => (exitCode = code));
  try {
    if (argv.length === 0) {
      program.outputHelp();
      return 2;
    }
    await program.parseAsync([...argv], { from: "user" });
    return exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      const ok = ["commander.helpDisplayed", "commander.help", "commander.version"].includes(
        e.code,
      );
      return ok ? 0 : 2;
    }
    // A problem is one line: anything in it that would break the line is escaped; every other
    // message is guarded against lines that would be workflow commands.
    if (e instanceof RunError) {
      io.stderr(neutralizeCommands(`stockpolicy: ${wordRunFailure(e.failure)}\n`));
      return 2;
    }
    if (e instanceof UsageError) {
      io.stderr(neutralizeCommands(`stockpolicy: ${e.message}\n`));
      return 2;
    }
    if (e instanceof ProblemsError) {
      for (const p of e.problems) io.stderr(`${escapeText(formatProblem(p))}\n`);
      return 2;
    }
    if (e instanceof StoreUnavailableError || isConnectionFailure(e)) {
      const why = e instanceof Error ? e.message : String(e);
      io.stderr(
        neutralizeCommands(
          `stockpolicy: the store is unavailable (${why}); nothing of this run was stored: try again\n`,
        ),
      );
      return EXIT_UNAVAILABLE;
    }
    const detail = e instanceof Error ? (e.stack ?? e.message) : String(e);
    io.stderr(`stockpolicy: internal error (a bug; please report it with this text):\n${detail}\n`);
    return EXIT_INTERNAL;
  }
}

/**
 * Text to standard output, written whole before the command goes on: a run whose output could
 * not be written (a full disk) fails there, before it is recorded. A reader that stops early
 * (`| head`) is not an error: the process stops quietly.
 */
function writeStdout(text: string): void {
  try {
    writeAll(1, text);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw new UsageError(`could not write to standard output: ${whyWriteFailed(code)}`);
  }
}

/** Messages go out whole too; if even they cannot, there is nobody left to tell. */
function writeStderr(text: string): void {
  try {
    writeAll(2, text);
  } catch {
    // stderr closed or full: the exit code still says what happened
  }
}

/** Runs with the real process. */
export async function run(): Promise<void> {
  const code = await main(process.argv.slice(2), {
    cwd: process.cwd(),
    env: process.env,
    now: new Date(),
    stdout: writeStdout,
    stderr: writeStderr,
    stderrIsTTY: process.stderr.isTTY,
  });
  process.exitCode = code;
}
