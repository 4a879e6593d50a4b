/**
 * A worker thread that reads one shard, a range of SKU ids, of an evaluation's read on its own
 * connection to the store, in the snapshot of the read it belongs to, and hands the SKUs it
 * computed back a batch at a time (read-shards.ts).
 */
import { parentPort, workerData } from "node:worker_threads";
import { openStore, SnapshotMovedError } from "../store/open-store.js";
import type { JoinTicket, Store } from "../store/open-store.js";
import { computedSkus } from "./read-windows.js";
import type { SkuAsRead } from "./read-windows.js";
import type { FromShard, ShardTask, ToShard } from "./shard-messages.js";

/**
 * SKUs a message: big enough to cost little to send, small enough to die young. A batch held
 * while the next SKUs are computed outlives the young generation when it is long: 512 SKUs put
 * every batch in old space: the worker's heap grew to 96–100 MB at 50k SKUs (25k its own), at 64
 * to 59–64 MB (measured at 90 and 365 days), and the peak of the process fell by 30–40 MB.
 */
const BATCH = 64;

const port = parentPort;
if (!port) throw new Error("read-shard-worker.ts runs as a worker thread only");
const task = workerData as ShardTask;
const post = (message: FromShard): void => port.postMessage(message);

/** The shard's SKUs, read on the snapshot `go` names or, for SQLite, checked to be the same. */
async function readShard(store: Store, ticket: JoinTicket, go: ToShard): Promise<void> {
  await store.read(
    async (db, scan) => {
      post({ type: "joined" });
      let batch: SkuAsRead[] = [];
      for await (const sku of computedSkus(db, scan, task.reads, task.options, task.range)) {
        batch.push(sku);
        if (batch.length === BATCH) {
          post({ type: "skus", skus: batch });
          batch = [];
        }
      }
      if (batch.length > 0) post({ type: "skus", skus: batch });
    },
    { ticket, ...(go.snapshot !== undefined ? { snapshot: go.snapshot } : {}) },
  );
}

const failed = (e: unknown): FromShard =>
  e instanceof SnapshotMovedError
    ? { type: "moved" }
    : {
        type: "failed",
        error: {
          name: (e as Error)?.name ?? "Error",
          message: (e as Error)?.message ?? String(e),
          ...(typeof (e as { code?: unknown })?.code === "string"
            ? { code: (e as { code: string }).code }
            : {}),
        },
      };

openStore(task.address, { access: "read" }).then(
  (store) => {
    // Taken before the read to join begins: a commit after it shows when joining.
    const ticket = store.ticket();
    post({ type: "ready" });
    port.once("message", (go: ToShard) => {
      readShard(store, ticket, go)
        .then(
          () => post({ type: "done" }),
          (e: unknown) => post(failed(e)),
        )
        .finally(() => void store.close());
    });
  },
  (e: unknown) => post(failed(e)),
);
