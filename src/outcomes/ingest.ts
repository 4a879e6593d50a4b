/**
 * Loads a folder of contract CSV files into the store in one transaction: every file is
 * streamed, every row checked; any invalid row rejects the whole run (nothing is written)
 * unless `skipInvalid`, and `dryRun` checks everything and writes nothing. Dates far beyond the
 * rest of their file (isolated-dates.ts) reject the run even with `skipInvalid`: the rows are
 * valid one by one, so only the file as a whole shows them wrong, and by then they are written.
 */
import { readdir, stat } from "node:fs/promises";
import * as path from "node:path";
import { ProblemsError, UsageError } from "../errors.js";
import type { Store, Upserter, WriteTx } from "../store/open-store.js";
import { readSkuIds } from "../store/read-observations.js";
import type { FileCheck, FileReport } from "./check-file.js";
import { OUTCOME_FILES } from "./contract.js";
import type { FileSpec } from "./contract.js";
import { MAPPING_FILE, mappingPath, readMapping } from "./column-mapping.js";
import type { ColumnMapping } from "./column-mapping.js";
import { fileChecker } from "./file-checker.js";
import type { FileChecker } from "./file-checker.js";
import type { RowProblem } from "./row-problem.js";

export { MAX_PROBLEMS_LISTED } from "./check-file.js";
export type { FileReport } from "./check-file.js";

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
  /**
   * Check the files in a worker thread beside the one that writes (default: when the machine
   * has a second core); false checks them in this thread. The rows and reports are the same.
   */
  threads?: boolean;
}

class Rejected extends Error {}

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
      const checker = fileChecker(await readSkuIds(tx.db), options.threads);
      try {
        for (const spec of present) {
          const file = path.join(dataDir, source(spec));
          const mapped = mapping?.files[spec.file];
          const check: FileCheck = {
            today: options.today,
            skipInvalid: options.skipInvalid,
            priorInvalid: report.invalid,
            ...(mapped ? { mapped } : {}),
          };
          const fileReport = await loadFile(spec, file, checker, tx, check, options.onProgress);
          report.files.push(mapped ? { ...fileReport, mappedOnto: spec.file } : fileReport);
          report.invalid += fileReport.invalid;
        }
      } finally {
        await checker.close();
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

/** One file checked by `checker` and its valid rows written into its table. */
async function loadFile(
  spec: FileSpec,
  file: string,
  checker: FileChecker,
  tx: WriteTx,
  check: FileCheck,
  onProgress: IngestOptions["onProgress"],
): Promise<FileReport> {
  let writer: Upserter | undefined;
  const report = await checker.check(spec, file, check, {
    open(columns, key) {
      writer = tx.upserter(spec.table, columns, key);
    },
    async rows(batch) {
      if (!writer) return;
      for (const row of batch) {
        const pending = writer.add(row);
        if (pending) await pending;
      }
    },
    ...(onProgress ? { progress: (rows: number) => onProgress(spec.file, rows) } : {}),
  });
  if (writer) Object.assign(report, await writer.finish());
  return report;
}
