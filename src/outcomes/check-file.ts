/**
 * One data file checked row by row: its text streamed (regular files only, UTF-8 checked), its
 * header planned, every row checked against the contract, and the valid rows handed on in
 * batches while the run can still be written. What only the whole file shows (CSV syntax, no
 * header, dates far beyond the rest) is checked at its end. The same code runs in the ingest's
 * own thread or in a worker beside it (check-worker.ts): it writes nothing itself.
 */
import { createReadStream } from "node:fs";
import { lstat } from "node:fs/promises";
import { Utf8Chunks } from "../encoding.js";
import type { UpsertCounts } from "../store/open-store.js";
import { planHeader } from "./check-rows.js";
import type { RowChecker } from "./check-rows.js";
import type { FileSpec } from "./contract.js";
import { CsvParser } from "./csv-parser.js";
import type { CsvRecord } from "./csv-parser.js";
import { isolatedDates } from "./isolated-dates.js";
import type { DateRows } from "./isolated-dates.js";
import { recordMapper } from "./column-mapping.js";
import type { FileMapping } from "./column-mapping.js";
import type { RowProblem } from "./row-problem.js";

/** Problems listed a file before the rest are only counted. */
export const MAX_PROBLEMS_LISTED = 50;

export interface FileReport extends UpsertCounts {
  file: string;
  rows: number;
  invalid: number;
  /** The first problems (at most MAX_PROBLEMS_LISTED). */
  problems: RowProblem[];
  /** All problems found, listed or not. */
  problemCount: number;
  /** Columns not in the contract, ignored. */
  ignoredColumns: string[];
  /** skus.csv's columns not in the contract, kept as attributes for rules. */
  attributeColumns?: string[];
  /** The contract file an export was mapped onto (its own name is `file`). */
  mappedOnto?: string;
  /** Dates far beyond the rest of the file (each also a problem). */
  isolatedDates: number;
  /** Not read at all: not a regular file, or not UTF-8 (the run is rejected, whatever the flags). */
  refused?: true;
  /**
   * Its header lacks a required column (or is no comma-separated header): none of its rows can
   * be read, so the run is rejected whatever the flags, and no row is counted as invalid.
   */
  badHeader?: true;
}

/** How one file is checked: plain data, so that a worker thread can be told it in a message. */
export interface FileCheck {
  /** Today: dates of what has happened must not be after it. */
  today?: string | undefined;
  skipInvalid?: boolean | undefined;
  /** Invalid rows of the files checked before this one in the same run. */
  priorInvalid: number;
  /** The folder's mapping of this file onto the contract, if it has one. */
  mapped?: FileMapping | undefined;
}

/** Where a file's valid rows go: opened once its header is read, then given rows in batches. */
export interface RowSink {
  open(columns: readonly string[], key: readonly string[]): void;
  rows(batch: unknown[][]): void | Promise<void>;
  /** Rows read so far, now and then. */
  progress?(rows: number): void;
}

/** Valid rows handed on at a time. */
export const ROW_BATCH = 4096;

function countDate(byDate: Map<string, DateRows>, date: string, line: number): void {
  const seen = byDate.get(date);
  if (seen) seen.rows++;
  else byDate.set(date, { rows: 1, firstLine: line });
}

/** What only the whole file shows: CSV syntax, no header, dates far beyond the rest. */
function fileProblems(
  report: FileReport,
  read: {
    parser: CsvParser;
    headerDone: boolean;
    primary?: string;
    byDate: ReadonlyMap<string, DateRows>;
    problem: (p: RowProblem) => void;
  },
): void {
  const { file } = report;
  const { parser, problem } = read;
  for (const e of parser.errors) problem({ file, line: e.line, column: "row", message: e.message });
  report.invalid += parser.errors.length;
  // Not read to its end: no row of it may load, --skip-invalid or not.
  if (parser.gaveUp) report.refused = true;
  if (!read.headerDone) {
    problem({
      file,
      line: 1,
      column: "header",
      message: "expected a header row, found an empty file",
    });
    report.invalid++;
  }
  if (read.primary) {
    const isolated = isolatedDates(read.byDate, file, read.primary);
    for (const p of isolated) problem(p);
    report.invalid += isolated.length;
    report.isolatedDates = isolated.length;
  }
}

/**
 * Streams a regular file's text, checked as UTF-8, to `take`; the problem instead when the file
 * is not a regular one or not UTF-8 (reading stops there).
 */
async function streamText(
  file: string,
  take: (text: string) => Promise<void>,
): Promise<RowProblem | undefined> {
  const refused = await notReadable(file);
  if (refused) return refused;
  const utf8 = new Utf8Chunks();
  const stream = createReadStream(file, { highWaterMark: 1 << 20 });
  for await (const chunk of stream) {
    const text = utf8.push(chunk as Buffer);
    if (typeof text !== "string") {
      stream.destroy();
      return {
        file,
        line: text.line,
        column: "row",
        message: `expected UTF-8 text, found ${text.looksLike}`,
      };
    }
    await take(text);
  }
  const rest = utf8.push(new Uint8Array(0), true);
  if (typeof rest !== "string")
    return {
      file,
      line: rest.line,
      column: "row",
      message: `expected UTF-8 text, found ${rest.looksLike}`,
    };
  if (rest) await take(rest);
  return undefined;
}

/**
 * Why a data file is not read, if it is not: only regular files are (a symbolic link could
 * point at anything on the machine, and its first line would be echoed in a problem).
 */
async function notReadable(file: string): Promise<RowProblem | undefined> {
  const info = await lstat(file);
  if (info.isFile()) return undefined;
  const found = info.isSymbolicLink()
    ? "a symbolic link (links are not followed)"
    : info.isDirectory()
      ? "a folder"
      : "a special file";
  return { file, line: 0, column: "file", message: `expected a regular file, found ${found}` };
}

function emptyReport(file: string): FileReport {
  return {
    file,
    rows: 0,
    invalid: 0,
    inserted: 0,
    updated: 0,
    unchanged: 0,
    problems: [],
    problemCount: 0,
    ignoredColumns: [],
    isolatedDates: 0,
  };
}

/**
 * Checks one file, handing its valid rows to `sink` until the run can no longer be written (an
 * invalid row without `skipInvalid`): from then on rows are only checked. `knownSkus` are the
 * SKUs rows may name; skus.csv adds its own.
 */
export async function checkFile(
  spec: FileSpec,
  file: string,
  knownSkus: Set<string>,
  options: FileCheck,
  sink: RowSink,
): Promise<FileReport> {
  const report = emptyReport(file);
  // The rows of each date in the file's main date column, for the isolated-dates check.
  const primary = spec.columns.find((c) => c.happened && c.required)?.name;
  const byDate = new Map<string, DateRows>();
  let dateAt = -1;
  const problem = (p: RowProblem): void => {
    report.problemCount++;
    if (report.problems.length < MAX_PROBLEMS_LISTED) report.problems.push(p);
  };
  // Once any row is invalid (and not skipped), the run will be rolled back: stop writing, keep checking.
  const writing = (): boolean =>
    options.skipInvalid === true || options.priorInvalid + report.invalid === 0;
  const parser = new CsvParser();
  let checker: RowChecker | undefined;
  let headerDone = false;
  let open = false;
  let batch: unknown[][] = [];
  const mapper = options.mapped ? recordMapper(spec, options.mapped) : undefined;

  const handle = async (read: CsvRecord[]): Promise<void> => {
    const records = mapper ? read.map((r, i) => mapper(r, !headerDone && i === 0)) : read;
    for (const record of records) {
      if (!headerDone) {
        headerDone = true;
        const plan = planHeader(spec, record.fields, file, knownSkus, options.today);
        report.ignoredColumns = plan.ignored;
        if (plan.attributes?.length) report.attributeColumns = plan.attributes;
        for (const p of plan.problems) problem(p);
        if (plan.problems.length > 0) report.badHeader = true;
        checker = plan.checker;
        if (checker) sink.open(checker.columns, checker.key);
        open = checker !== undefined;
        if (checker && primary) dateAt = checker.columns.indexOf(primary);
        continue;
      }
      if (!checker) return; // a bad header: its problems say why
      report.rows++;
      const result = checker.check(record);
      if (result.problems) {
        report.invalid++;
        for (const p of result.problems) problem(p);
        continue;
      }
      if (dateAt >= 0) countDate(byDate, result.row[dateAt] as string, record.line);
      if (open && writing()) {
        batch.push(result.row);
        if (batch.length === ROW_BATCH) {
          const full = batch;
          batch = [];
          await sink.rows(full);
        }
      }
      if (sink.progress && report.rows % 100_000 === 0) sink.progress(report.rows);
    }
  };

  const refused = await streamText(file, (text) => handle(parser.push(text)));
  if (refused) {
    problem(refused);
    report.invalid++;
    report.refused = true;
    return report;
  }
  await handle(parser.push("", true));
  if (batch.length > 0 && writing()) await sink.rows(batch);
  fileProblems(report, { parser, headerDone, byDate, problem, ...(primary ? { primary } : {}) });
  report.problems.sort((a, b) => a.line - b.line);
  return report;
}
