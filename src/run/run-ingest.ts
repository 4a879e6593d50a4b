/** `ingest` end to end: open the store, load the folder's CSVs all or nothing, close the store. */
import { readdirSync, statSync } from "node:fs";
import * as path from "node:path";
import { UsageError } from "../errors.js";
import { folderMapping, ingest } from "../outcomes/ingest.js";
import type { IngestOptions, IngestReport } from "../outcomes/ingest.js";
import { displayPath } from "../paths.js";
import type { IngestOutcome } from "../report/render-ingest.js";
import { openStore } from "../store/open-store.js";

export interface IngestRequest extends IngestOptions {
  dataDir: string;
  db: string;
  cwd: string;
}

export async function runIngest(request: IngestRequest): Promise<IngestOutcome> {
  // Checked before the store is opened, so a mistyped folder leaves no empty store behind.
  if (
    !statSync(path.resolve(request.cwd, request.dataDir), { throwIfNoEntry: false })?.isDirectory()
  )
    throw new UsageError(`data folder not found: ${request.dataDir}`);
  const dataDir = path.resolve(request.cwd, request.dataDir);
  const mapping = request.mapping ? path.resolve(request.cwd, request.mapping) : undefined;
  // A bad mapping stops the run here too, before a store is created for nothing.
  await folderMapping(dataDir, readdirSync(dataDir), mapping);
  const store = await openStore(request.db, { cwd: request.cwd });
  let report: IngestReport;
  try {
    report = await ingest(store, dataDir, { ...request, ...(mapping ? { mapping } : {}) });
  } finally {
    await store.close();
  }
  const shown = (file: string): string => displayPath(request.cwd, file);
  return {
    report: {
      ...report,
      problems: report.problems.map((p) => ({ ...p, file: shown(p.file) })),
      files: report.files.map((f) => ({
        ...f,
        file: shown(f.file),
        problems: f.problems.map((p) => ({ ...p, file: shown(p.file) })),
      })),
    },
    store: store.location,
    skipInvalid: request.skipInvalid === true,
  };
}

/**
 * ingest's exit code: 2 when anything was refused (unless --skip-invalid took only valid rows),
 * and always when a file has dates far beyond the rest of it.
 */
export function ingestExitCode(o: IngestOutcome): number {
  const isolated = o.report.files.some((f) => f.isolatedDates > 0 || f.refused || f.badHeader);
  return o.report.problems.length > 0 || isolated || (o.report.invalid > 0 && !o.skipInvalid)
    ? 2
    : 0;
}
