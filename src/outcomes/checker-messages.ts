/**
 * What the ingest's thread and its checking worker (check-worker.ts) say to each other: plain
 * data, copied between the threads.
 */
import type { FileCheck, FileReport } from "./check-file.js";
import type { PackedRows } from "./packed-rows.js";

/** Batches checked but not yet written that the worker may hand on before it waits. */
export const MAX_BATCHES_IN_FLIGHT = 4;

/** To the worker: check a file (by its contract name), or a batch has been written. */
export type ToChecker =
  { type: "check"; spec: string; file: string; check: FileCheck } | { type: "written" };

/** An error as plain data: what a file system error says, kept for the one who words it. */
export interface ErrorData {
  message: string;
  code?: string;
  path?: string;
  syscall?: string;
}

/** From the worker: the file's columns, rows to write, progress, and its report or its failure. */
export type FromChecker =
  | { type: "open"; columns: readonly string[]; key: readonly string[] }
  | { type: "rows"; batch: PackedRows }
  | { type: "progress"; rows: number }
  | { type: "done"; report: FileReport }
  | { type: "failed"; error: ErrorData };
