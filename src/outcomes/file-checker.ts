/**
 * Checks the files of one ingest one after another, handing their valid rows to the writer: in
 * a worker thread (check-worker.ts) where there is a second core and the compiled worker is
 * there, so that parsing and checking run beside the store's inserts; else in this thread. Both
 * run the same checkFile on the same bytes: the same rows in the same order, the same reports.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { checkFile } from "./check-file.js";
import type { FileCheck, FileReport, RowSink } from "./check-file.js";
import type { ErrorData, FromChecker, ToChecker } from "./checker-messages.js";
import type { FileSpec } from "./contract.js";
import { unpackRows } from "./packed-rows.js";

export interface FileChecker {
  check(spec: FileSpec, file: string, options: FileCheck, sink: RowSink): Promise<FileReport>;
  close(): Promise<void>;
}

/** The worker beside this module once compiled (run from sources, there is none). */
const WORKER = new URL("./check-worker.js", import.meta.url);

/**
 * A checker for one run, starting from the SKUs the store already has: a worker's when `threads`
 * allows (default: when the machine has more than one core and the worker is compiled).
 */
export function fileChecker(knownSkus: readonly string[], threads?: boolean): FileChecker {
  const useWorker = threads ?? (availableParallelism() > 1 && import.meta.url.endsWith(".js"));
  return useWorker ? workerChecker(knownSkus) : inThreadChecker(new Set(knownSkus));
}

export function inThreadChecker(knownSkus: Set<string>): FileChecker {
  return {
    check: (spec, file, options, sink) => checkFile(spec, file, knownSkus, options, sink),
    close: () => Promise.resolve(),
  };
}

/** An error a worker reported, as the error it was (its code, path and call kept). */
function errorFrom(data: ErrorData): Error {
  return Object.assign(new Error(data.message), data);
}

export function workerChecker(knownSkus: readonly string[]): FileChecker {
  const worker = new Worker(WORKER, {
    workerData: { knownSkus },
    // Room for the short-lived records and rows of a batch: fewer, cheaper collections.
    resourceLimits: { maxYoungGenerationSizeMb: 64 },
  });
  const tell = (message: ToChecker): void => worker.postMessage(message);
  return {
    check(spec, file, options, sink) {
      return new Promise<FileReport>((resolve, reject) => {
        // Rows are written in the order they came, one batch after another.
        let written: Promise<void> = Promise.resolve();
        let failed = false;
        const fail = (e: unknown): void => {
          if (failed) return;
          failed = true;
          stop();
          reject(e instanceof Error ? e : new Error(String(e)));
        };
        const onMessage = (m: FromChecker): void => {
          if (failed) return;
          if (m.type === "open") sink.open(m.columns, m.key);
          else if (m.type === "rows")
            written = written.then(async () => {
              await sink.rows(unpackRows(m.batch));
              tell({ type: "written" });
            });
          else if (m.type === "progress") sink.progress?.(m.rows);
          else if (m.type === "done")
            written.then(() => {
              stop();
              resolve(m.report);
            }, fail);
          else written.then(() => fail(errorFrom(m.error)), fail);
          written.catch(fail);
        };
        const onExit = (code: number): void =>
          fail(new Error(`the worker checking ${file} stopped (exit code ${code})`));
        const stop = (): void => {
          worker.off("message", onMessage);
          worker.off("error", fail);
          worker.off("exit", onExit);
        };
        worker.on("message", onMessage);
        worker.on("error", fail);
        worker.on("exit", onExit);
        tell({ type: "check", spec: spec.file, file, check: options });
      });
    },
    async close() {
      await worker.terminate();
    },
  };
}
