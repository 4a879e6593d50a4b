/** `stockpolicy ingest DATA_DIR`: load the outcome CSVs into the store, all or nothing. */
import { toIsoDate } from "../../dates.js";
import { INGEST_FORMATS } from "../../report/render-ingest.js";
import { ingestExitCode, runIngest } from "../../run/run-ingest.js";
import type { Io } from "../io.js";
import { chosen, emit } from "../output.js";
import type { SharedOptions } from "../shared-options.js";

export interface IngestFlags {
  skipInvalid: boolean;
  dryRun: boolean;
  mapping?: string;
}

export async function ingestCommand(
  dataDir: string,
  options: SharedOptions,
  flags: IngestFlags,
  io: Io,
): Promise<number> {
  const progress = io.stderrIsTTY
    ? (file: string, rows: number) => io.stderr(`\r${file}: ${rows.toLocaleString("en-US")} rows…`)
    : undefined;
  const outcome = await runIngest({
    dataDir,
    db: options.db,
    cwd: io.cwd,
    today: toIsoDate(io.now),
    ...flags,
    ...(progress ? { onProgress: progress } : {}),
  });
  if (progress) io.stderr("\r\x1b[K");
  emit(chosen(INGEST_FORMATS, options.format).render(outcome), io);
  return ingestExitCode(outcome);
}
