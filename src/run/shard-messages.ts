/**
 * What a read's own thread and its shard workers (read-shard-worker.ts) say to each other:
 * plain data, copied between the threads.
 */
import type { SkuRange } from "../store/scan-observations.js";
import type { ComputeOptions, SkuAsRead, WindowRead } from "./read-windows.js";

/** What a shard worker starts with. */
export interface ShardTask {
  /** The store to open (openStore's target). */
  address: string;
  reads: readonly WindowRead[];
  options: ComputeOptions;
  range: SkuRange;
}

/** To the worker: read now, on this snapshot (PostgreSQL's export; SQLite has none to give). */
export interface ToShard {
  type: "go";
  snapshot?: string;
}

/** An error as plain data: its class's name and its message. */
export interface ShardError {
  name: string;
  message: string;
  /** A driver's code (a PostgreSQL SQLSTATE, a socket's errno name), kept for the one who words it. */
  code?: string;
}

/**
 * From the worker: that the store is open (its ticket taken), that it has joined the snapshot, SKUs a
 * batch at a time, and the end: done, moved (the store changed before it could join), failed.
 */
export type FromShard =
  | { type: "ready" }
  | { type: "joined" }
  | { type: "skus"; skus: SkuAsRead[] }
  | { type: "done" }
  | { type: "moved" }
  | { type: "failed"; error: ShardError };
