/**
 * The options that commands share (--policies, --db, --data, --as-of, --window, --format,
 * --out): declared and parsed in this one place, so every command reads them the same way.
 */
import { Option } from "commander";
import type { FormatChoices } from "../report/format.js";
import type { Command } from "commander";
import { isIsoDate, parseWindow } from "../dates.js";
import type { Window } from "../dates.js";
import { UsageError } from "../errors.js";
import type { Io } from "./io.js";

export type SharedOption =
  "policies" | "db" | "data" | "threads" | "asOf" | "window" | "format" | "out";

export interface SharedOptions {
  policies: string;
  db: string;
  data?: string;
  /** The most threads to read the store with (undefined: the default, one a core). */
  threads?: number;
  asOf?: string;
  window: Window;
  format: string;
  out?: string;
}

/** The most threads --threads may ask for. */
export const MAX_THREADS = 64;

export const DEFAULT_DB = ".stockpolicy/outcomes.db";

/** `--format` help: each choice with its description, from the command's registry. */
export function formatHelp(formats: FormatChoices): string {
  const choices = Object.entries(formats).map(([name, f]) => `${name} (${f.description})`);
  return `output format: ${choices.join("; ")}`;
}

/** Adds the named shared options to a command; `formats` is its registry, the first the default. */
export function addSharedOptions(
  command: Command,
  which: readonly SharedOption[],
  formats: FormatChoices = { text: { description: "text" } },
): Command {
  const names = Object.keys(formats);
  const make: Record<SharedOption, () => Option> = {
    policies: () => new Option("--policies <dir>", "policy folder").default("policies"),
    db: () =>
      new Option(
        "--db <db>",
        `SQLite file or postgres:// URL (default: $STOCKPOLICY_DB or ${DEFAULT_DB})`,
      ),
    data: () => new Option("--data <dir>", "CSV folder to load into a throwaway store first"),
    threads: () =>
      new Option(
        "--threads <n>",
        "most threads to read the store with (default: one a core, for 10,000 SKUs a thread or more)",
      ),
    asOf: () =>
      new Option(
        "--as-of <date>",
        "last day evaluated, YYYY-MM-DD (default: the last date in the data)",
      ),
    window: () => new Option("--window <length>", "evaluation window: Nd, Nw or Nm").default("90d"),
    format: () =>
      new Option("--format <format>", formatHelp(formats)).choices(names).default(names[0]),
    out: () => new Option("--out <path>", "write the output here instead of stdout"),
  };
  for (const name of which) command.addOption(make[name]());
  return command;
}

/** A date flag's value, if given; a value that is not a real YYYY-MM-DD date is a problem. */
export function dateFlag(
  raw: Record<string, unknown>,
  key: string,
  flag: string,
  problems: string[],
): string | undefined {
  const value = typeof raw[key] === "string" ? raw[key] : undefined;
  if (value !== undefined && !isIsoDate(value))
    problems.push(`${flag}: expected a real date YYYY-MM-DD, found "${value}"`);
  return value;
}

/** Commander's raw option values → typed options; every bad value is a UsageError (exit 2). */
export function parseSharedOptions(raw: Record<string, unknown>, io: Io): SharedOptions {
  const problems: string[] = [];
  const asOf = dateFlag(raw, "asOf", "--as-of", problems);
  const windowText = typeof raw.window === "string" ? raw.window : "90d";
  const window = parseWindow(windowText);
  if (!window)
    problems.push(`--window: expected a length such as 90d, 13w or 3m, found "${windowText}"`);
  // --data loads into a throwaway store: a --db beside it would be silently ignored.
  if (typeof raw.db === "string" && typeof raw.data === "string")
    problems.push(
      "--db and --data: expected one of them (--data loads into a throwaway store), found both",
    );
  const threads = threadsFlag(raw.threads, problems);
  if (problems.length > 0) throw new UsageError(problems.join("\n"));
  return {
    ...(threads !== undefined ? { threads } : {}),
    policies: typeof raw.policies === "string" ? raw.policies : "policies",
    db: typeof raw.db === "string" ? raw.db : io.env.STOCKPOLICY_DB || DEFAULT_DB,
    data: typeof raw.data === "string" ? raw.data : undefined,
    asOf,
    window: window as Window,
    format: typeof raw.format === "string" ? raw.format : "text",
    out: typeof raw.out === "string" ? raw.out : undefined,
  };
}

/** --threads: a whole number from 1 to MAX_THREADS, if given. */
function threadsFlag(value: unknown, problems: string[]): number | undefined {
  if (typeof value !== "string") return undefined;
  const n = /^[0-9]{1,3}$/.test(value) ? Number(value) : NaN;
  if (n >= 1 && n <= MAX_THREADS) return n;
  problems.push(`--threads: expected a whole number from 1 to ${MAX_THREADS}, found "${value}"`);
  return undefined;
}
