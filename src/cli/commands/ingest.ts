/** `stockpolicy ingest DATA_DIR`: load the outcome CSVs into the store, all or nothing. */
import { statSync } from "node:fs";
import * as path from "node:path";
import { UsageError } from "../../errors.js";
import { ingest } from "../../outcomes/ingest.js";
import type { IngestReport } from "../../outcomes/ingest.js";
import { formatRowProblem } from "../../outcomes/row-problem.js";
import { displayPath } from "../../paths.js";
import { openStore } from "../../store/open-store.js";
import type { Io } from "../io.js";
import type { SharedOptions } from "../shared-options.js";

export interface IngestFlags {
  skipInvalid: boolean;
  dryRun: boolean;
}

export async function ingestCommand(
  dataDir: string,
  options: SharedOptions,
  flags: IngestFlags,
  io: Io,
): Promise<number> {
  // Checked before the store is opened, so a mistyped folder leaves no empty store behind.
  if (!statSync(path.resolve(io.cwd, dataDir), { throwIfNoEntry: false })?.isDirectory()) {
    throw new UsageError(`data folder not found: ${dataDir}`);
  }
  const store = await openStore(options.db, { cwd: io.cwd });
  let report: IngestReport;
  try {
    const progress = io.stderrIsTTY
      ? (file: string, rows: number) =>
          io.stderr(`\r${file}: ${rows.toLocaleString("en-US")} rows…`)
      : undefined;
    report = await ingest(store, path.resolve(io.cwd, dataDir), { ...flags, onProgress: progress });
    if (progress) io.stderr("\r\x1b[K");
  } finally {
    await store.close();
  }
  const shown = (file: string): string => displayPath(io.cwd, file);
  const problems = [...report.problems, ...report.files.flatMap((f) => f.problems)].map((p) => ({
    ...p,
    file: shown(p.file),
  }));
  if (options.format === "json") {
    io.stdout(
      `${JSON.stringify({ ...report, store: store.location, files: report.files.map((f) => ({ ...f, file: shown(f.file), problems: f.problems.map((p) => ({ ...p, file: shown(p.file) })) })), problems }, null, 2)}\n`,
    );
  } else {
    for (const f of report.files) {
      for (const p of f.problems) io.stderr(`${formatRowProblem({ ...p, file: shown(p.file) })}\n`);
      if (f.problemCount > f.problems.length)
        io.stderr(`${shown(f.file)}: … and ${f.problemCount - f.problems.length} more problems\n`);
      if (f.ignoredColumns.length)
        io.stderr(
          `${shown(f.file)}: ignored columns not in the contract: ${f.ignoredColumns.join(", ")}\n`,
        );
    }
    for (const p of report.problems) io.stderr(`${shown(p.file)}: ${p.message}\n`);
    for (const u of report.unknownFiles) io.stderr(`${u}: not a contract file, left alone\n`);
    for (const f of report.files) {
      const counts = report.written
        ? ` — ${f.inserted} inserted, ${f.updated} updated, ${f.unchanged} unchanged`
        : "";
      const skipped = f.invalid
        ? `, ${f.invalid} invalid${report.written ? " (skipped)" : ""}`
        : "";
      io.stdout(`${path.basename(f.file)}: ${f.rows} rows${skipped}${counts}\n`);
    }
    const verdict = report.written
      ? `loaded into ${store.location}`
      : report.dryRun && report.invalid === 0 && report.problems.length === 0
        ? "dry run: every row is valid; nothing written"
        : `rejected: ${report.invalid + report.problems.length} invalid row(s); nothing written (--skip-invalid loads the valid rows)`;
    (report.written || report.dryRun ? io.stdout : io.stderr)(`${verdict}\n`);
  }
  return report.problems.length > 0 || (report.invalid > 0 && !flags.skipInvalid) ? 2 : 0;
}
