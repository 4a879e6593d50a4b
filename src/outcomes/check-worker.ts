/**
 * A worker thread that checks data files (check-file.ts) while the ingest's own thread writes the
 * rows it has checked: parsing and checking on one core, the store's inserts on the other. It
 * is told one file at a time, keeps the SKUs it has seen across the files of one run (skus.csv
 * first), and hands rows on a batch at a time, waiting when too many are not yet written, so
 * the rows in flight stay bounded whatever the size of the file.
 */
import { parentPort, workerData } from "node:worker_threads";
import { checkFile } from "./check-file.js";
import { OUTCOME_FILES } from "./contract.js";
import type { FromChecker, ToChecker } from "./checker-messages.js";
import { MAX_BATCHES_IN_FLIGHT } from "./checker-messages.js";
import { packRows, packedBuffers } from "./packed-rows.js";

const port = parentPort;
if (!port) throw new Error("check-worker.ts runs as a worker thread only");
const knownSkus = new Set<string>((workerData as { knownSkus: string[] }).knownSkus);
const post = (message: FromChecker, transfer: ArrayBuffer[] = []): void =>
  port.postMessage(message, transfer);

let inFlight = 0;
let resume: (() => void) | undefined;
/** Waits until fewer than MAX_BATCHES_IN_FLIGHT batches are waiting to be written. */
const credit = (): Promise<void> | undefined =>
  inFlight < MAX_BATCHES_IN_FLIGHT
    ? undefined
    : new Promise<void>((resolve) => {
        resume = resolve;
      });

port.on("message", (message: ToChecker) => {
  if (message.type === "written") {
    inFlight--;
    const go = resume;
    resume = undefined;
    go?.();
    return;
  }
  const spec = OUTCOME_FILES.find((s) => s.file === message.spec);
  if (!spec) throw new Error(`no contract file ${message.spec}`);
  let width = 0;
  checkFile(spec, message.file, knownSkus, message.check, {
    open(columns, key) {
      width = columns.length;
      post({ type: "open", columns, key });
    },
    rows(batch) {
      inFlight++;
      const packed = packRows(batch, width);
      post({ type: "rows", batch: packed }, packedBuffers(packed));
      return credit();
    },
    progress: (rows) => post({ type: "progress", rows }),
  }).then(
    (report) => post({ type: "done", report }),
    (e: unknown) => {
      const err = e as NodeJS.ErrnoException;
      post({
        type: "failed",
        error: {
          message: err?.message ?? String(e),
          ...(err?.code !== undefined ? { code: err.code } : {}),
          ...(err?.path !== undefined ? { path: err.path } : {}),
          ...(err?.syscall !== undefined ? { syscall: err.syscall } : {}),
        },
      });
    },
  );
});
