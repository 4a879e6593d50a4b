/**
 * Loads a folder of contract CSV files into the store in one transaction: every file is
 * streamed, every row checked; any invalid row rejects the whole run (nothing is written)
 * unless `skipInvalid`, and `dryRun` checks everything and writes nothing. Dates far beyond the
 * rest of their file (isolated-dates.ts) reject the run even with `skipInvalid`: the rows are
 * valid one by one, so only the file as a whole shows them wrong, and by then they are written.
 */
import { createReadStream } from "node:fs";
import { lstat, readdir, stat } from "node:fs/promises";
import * as path from "node:path";
import { Utf8Chunks } from "../encoding.js";
import { ProblemsError, UsageError } from "../errors.js";
import type { Store, UpsertCounts, WriteTx } from "../store/open-store.js";
import { readSkuIds } from "../store/read-observations.js";
import { planHeader } from "./check-rows.js";
import type { RowChecker } from "./check-rows.js";
import { OUTCOME_FILES } from "./contract.js";
import type { FileSpec } from "./contract.js";
import { CsvParser } from "./csv-parser.js";
import { isolatedDates } from "./isolated-dates.js";
import type { DateRows } from "./isolated-dates.js";
import type { CsvRecord } from "./csv-parser.js";
import { MAPPING_FILE, mappingPath, readMapping, recordMapper } from "./column-mapping.js";
import type { ColumnMapping } from "./column-mapping.js";
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

export interface IngestReport {
  files: FileReport[];
  /** Problems with the folder itself (a missing skus.csv). */
  problems: RowProblem[];
  invalid: number;
  written: boolean;
  dryRun: boolean;
  /** CSV files in the folder that the contract does not know, left alone. */
  unknownFiles: string[];
}

export interface IngestOptions {
  /** A column mapping file (default: mapping.yaml in the data folder, when there is one). */
  mapping?: string;
  skipInvalid?: boolean;
  dryRun?: boolean;
  /** Today: dates of what has happened (sales, receipts, decisions, events) must not be after it. */
  today?: string;
  /** Called now and then with the rows read so far of a file. */
  onProgress?: (file: string, rows: number) => void;
}

class Rejected extends Error {}

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
 * The folder's column mapping, if it has one (or one is given): a mapping with problems, or one
 * naming an export file the folder does not hold, stops the run before anything is read.
 */
export async function folderMapping(
  dataDir: string,
  entries: readonly string[],
  given: string | undefined,
): Promise<ColumnMapping | undefined> {
  const file = mappingPath(dataDir, given);
  if (given === undefined && !entries.includes(MAPPING_FILE)) return undefined;
  const { mapping, problems } = await readMapping(file);
  if (!mapping) throw new ProblemsError(problems);
  const missing = Object.entries(mapping.files).flatMap(([to, m]) =>
    m.from && !entries.includes(m.from)
      ? [
          {
            file,
            line: 1,
            column: 1,
            code: "unreadable-file" as const,
            message: `expected ${m.from} (mapped onto ${to}) in ${dataDir}, found none`,
          },
        ]
      : [],
  );
  if (missing.length > 0) throw new ProblemsError(missing);
  return mapping;
}

export async function ingest(
  store: Store,
  dataDir: string,
  options: IngestOptions = {},
): Promise<IngestReport> {
  const info = await stat(dataDir).catch(() => undefined);
  if (!info?.isDirectory()) throw new UsageError(`data folder not found: ${dataDir}`);
  const entries = (await readdir(dataDir)).sort();
  const mapping = await folderMapping(dataDir, entries, options.mapping);
  const source = (spec: FileSpec): string => mapping?.files[spec.file]?.from ?? spec.file;
  const present = OUTCOME_FILES.filter((spec) => entries.includes(source(spec)));
  const unknownFiles = entries.filter(
    (e) => e.toLowerCase().endsWith(".csv") && !OUTCOME_FILES.some((s) => source(s) === e),
  );
  const report: IngestReport = {
    files: [],
    problems: [],
    invalid: 0,
    written: false,
    dryRun: options.dryRun === true,
    unknownFiles,
  };
  for (const spec of OUTCOME_FILES) {
    if (spec.required && !present.includes(spec)) {
      report.problems.push({
        file: path.join(dataDir, spec.file),
        line: 0,
        column: "file",
        message: `expected ${spec.file} in ${dataDir}, found none`,
      });
    }
  }
  if (report.problems.length > 0) return report;

  try {
    await store.write(async (tx) => {
      const knownSkus = new Set(await readSkuIds(tx.db));
      for (const spec of present) {
        const file = path.join(dataDir, source(spec));
        const mapped = mapping?.files[spec.file];
        const fileReport = await loadFile(spec, file, knownSkus, tx.upserter.bind(tx), {
          ...options,
          priorInvalid: report.invalid,
          ...(mapped ? { mapper: recordMapper(spec, mapped) } : {}),
        });
        report.files.push(mapped ? { ...fileReport, mappedOnto: spec.file } : fileReport);
        report.invalid += fileReport.invalid;
      }
      const isolated = report.files.some((f) => f.isolatedDates > 0 || f.refused || f.badHeader);
      if (options.dryRun || isolated || (report.invalid > 0 && !options.skipInvalid))
        throw new Rejected();
    });
    report.written = true;
  } catch (e) {
    if (!(e instanceof Rejected)) throw e;
  }
  return report;
}

async function loadFile(
  spec: FileSpec,
  file: string,
  knownSkus: Set<string>,
  upserter: WriteTx["upserter"],
  options: IngestOptions & {
    priorInvalid: number;
    mapper?: (record: CsvRecord, header: boolean) => CsvRecord;
  },
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
  let writer: ReturnType<typeof upserter> | undefined;

  const handle = async (read: CsvRecord[]): Promise<void> => {
    const mapper = options.mapper;
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
        if (checker) writer = upserter(spec.table, checker.columns, checker.key);
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
      if (writer && writing()) {
        const pending = writer.add(result.row);
        if (pending) await pending;
      }
      if (options.onProgress && report.rows % 100_000 === 0)
        options.onProgress(spec.file, report.rows);
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
  fileProblems(report, { parser, headerDone, byDate, problem, ...(primary ? { primary } : {}) });
  report.problems.sort((a, b) => a.line - b.line);
  if (writer) Object.assign(report, await writer.finish());
  return report;
}
