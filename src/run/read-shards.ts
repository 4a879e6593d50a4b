/**
 * An evaluation's read split across threads: the SKUs in ranges of about equal size (shards),
 * the first read by this thread, each other one by a worker (read-shard-worker.ts) on its own
 * connection, all in one snapshot — PostgreSQL's exported to the workers; SQLite's checked to
 * be the same (nothing committed since each worker's ticket, else the read is made again in this
 * thread alone). A SKU's metrics depend on its own rows only, so the lists are the same, in the
 * same order, however many threads read them.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { Kysely } from "kysely";
import { StoreUnavailableError, UsageError } from "../errors.js";
import type { Database } from "../store/database.js";
import type { Store } from "../store/open-store.js";
import type { SkuRange } from "../store/scan-observations.js";
import { computedSkus, inCodeUnitOrder } from "./read-windows.js";
import type { ComputeOptions, SkuAsRead, WindowRead } from "./read-windows.js";
import { Interner } from "../collections.js";
import { metricPacker } from "../metrics/packed-metrics.js";
import type { SkuEvaluation } from "../metrics/sku-metrics.js";
import type { FromShard, ShardError, ShardTask, ToShard } from "./shard-messages.js";

/** Fewer SKUs than this a thread and the read is not split by default (a worker's start costs). */
export const MIN_SHARD_SKUS = 10_000;
/** This thread lets the workers' messages in after this many SKUs of its own. */
const YIELD_EVERY = 256;

/** The worker beside this module once compiled (run from sources, there is none). */
const WORKER = new URL("./read-shard-worker.js", import.meta.url);
const compiled = import.meta.url.endsWith(".js");

/**
 * Each read's SKUs in code-unit order of their ids, from one snapshot; `threads` the most to
 * read with (default: one a core, a thread for every MIN_SHARD_SKUS SKUs at least).
 */
export async function readWindows(
  store: Store,
  reads: readonly WindowRead[],
  options: ComputeOptions,
  threads?: number,
): Promise<SkuAsRead[]> {
  const ranges = compiled ? await shardRanges(store.db, threads) : [{}];
  const lists =
    ranges.length > 1
      ? ((await readSharded(store, reads, options, ranges)) ?? (await readInThread()))
      : await readInThread();
  return lists.map(inCodeUnitOrder);

  function readInThread(): Promise<SkuAsRead[]> {
    return store.read(async (db, scan) =>
      collect(computedSkus(db, scan, reads, options), keeper(reads)),
    );
  }
}

/**
 * Each SKU of every read handed to `visit` as it is computed, in this thread, in one snapshot:
 * nothing is kept. One thread: a worker's SKUs would queue while this one visits its own.
 */
export async function streamWindows(
  store: Store,
  reads: readonly WindowRead[],
  options: ComputeOptions,
  visit: (sku: SkuAsRead) => void,
): Promise<void> {
  await store.read(async (db, scan) => {
    for await (const sku of computedSkus(db, scan, reads, options)) visit(sku);
  });
}

/**
 * Keeps each SKU as it comes, in its read's list: an evaluation with its metrics packed (one
 * packer for the whole read: packed-metrics.ts), what membership needs as it is. A worker's SKUs
 * (`copies`) have their texts shared again: this thread's scan and metrics share them already.
 */
interface Keeper {
  keep(sku: SkuAsRead): void;
  lists: SkuAsRead[];
}

function keeper(reads: readonly WindowRead[], copies = false): Keeper {
  const packer = metricPacker();
  const lists: SkuAsRead[] = reads.map(() => []);
  // A worker's SKUs come as copies, each with its own strings: one string a value again, for
  // the period dates and the columns many SKUs share (a supplier, a category).
  const texts = new Interner();
  const shareTexts = (e: SkuEvaluation): void => {
    for (const p of e.samples.periods) {
      p.from = texts.intern(p.from);
      p.to = texts.intern(p.to);
    }
    const columns = e.columns as Record<string, string | number | null>;
    for (const name in columns) {
      const v = columns[name];
      if (typeof v === "string" && name !== "sku") columns[name] = texts.intern(v);
    }
  };
  const kept = (e: SkuEvaluation): SkuEvaluation => {
    if (copies) shareTexts(e);
    return { ...e, metrics: packer.pack(e.metrics) };
  };
  return {
    lists,
    keep: (sku) =>
      sku.forEach((e, i) =>
        (lists[i] as SkuAsRead).push(reads[i]?.as === "membership" ? e : kept(e as SkuEvaluation)),
      ),
  };
}

/** Each read's SKUs as they come, one list a read. */
async function collect(
  skus: AsyncIterable<SkuAsRead>,
  kept: Keeper,
  pause?: () => Promise<void>,
): Promise<SkuAsRead[]> {
  let n = 0;
  for await (const sku of skus) {
    kept.keep(sku);
    if (pause && ++n % YIELD_EVERY === 0) await pause();
  }
  return kept.lists;
}

/** Lets other tasks (the workers' messages) run before going on. */
const letOthersRun = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** The SKU ranges to read, one a thread: their bounds are the store's SKUs at equal steps. */
async function shardRanges(db: Kysely<Database>, threads: number | undefined): Promise<SkuRange[]> {
  if (threads !== undefined && threads <= 1) return [{}];
  const row = await db
    .selectFrom("skus")
    .select((eb) => eb.fn.countAll().as("n"))
    .executeTakeFirst();
  const n = Number(row?.n ?? 0);
  const shards =
    threads === undefined
      ? Math.min(availableParallelism(), Math.floor(n / MIN_SHARD_SKUS))
      : Math.min(threads, n);
  if (shards <= 1) return [{}];
  const bounds: string[] = [];
  for (let k = 1; k < shards; k++) {
    const at = await db
      .selectFrom("skus")
      .select("sku")
      .orderBy("sku")
      .limit(1)
      .offset(Math.floor((k * n) / shards))
      .executeTakeFirst();
    if (at && at.sku !== bounds[bounds.length - 1]) bounds.push(at.sku);
  }
  return [undefined, ...bounds].map((from, i) => ({
    ...(from !== undefined ? { from } : {}),
    ...(bounds[i] !== undefined ? { before: bounds[i] } : {}),
  }));
}

/**
 * The first range read here, the others by workers, in one snapshot; undefined when a worker
 * could not join it (the store changed meanwhile).
 */
async function readSharded(
  store: Store,
  reads: readonly WindowRead[],
  options: ComputeOptions,
  ranges: readonly SkuRange[],
): Promise<SkuAsRead[] | undefined> {
  const [own = {}, ...others] = ranges;
  const shards = others.map((range) =>
    startShard({ address: store.address, reads, options, range }),
  );
  try {
    // Every worker's ticket is taken before this read's snapshot begins.
    await Promise.all(shards.map((s) => s.ready));
    const mine = await store.read(async (db, scan, exportSnapshot) => {
      const snapshot = await exportSnapshot();
      for (const s of shards) s.go(snapshot);
      const lists = await collect(
        computedSkus(db, scan, reads, options, own),
        keeper(reads),
        letOthersRun,
      );
      // The exported snapshot lives as long as this transaction: until every worker has it.
      await Promise.all(shards.map((s) => s.joined));
      return lists;
    });
    const theirs = await Promise.all(shards.map((s) => s.done));
    if (theirs.some((t) => t === undefined)) return undefined;
    return mine.map((list, i) =>
      list.concat(...(theirs as SkuAsRead[][]).map((t) => t[i] as SkuAsRead)),
    );
  } finally {
    await Promise.all(shards.map((s) => s.stop()));
  }
}

interface Shard {
  /** Its store is open and its ticket taken. */
  ready: Promise<void>;
  /** It reads in this snapshot. */
  joined: Promise<void>;
  /** Each read's SKUs of its range; undefined when it could not join the snapshot. */
  done: Promise<SkuAsRead[] | undefined>;
  go(snapshot: string | undefined): void;
  stop(): Promise<void>;
}

function startShard(task: ShardTask): Shard {
  const worker = new Worker(WORKER, { workerData: task });
  const kept = keeper(task.reads, true);
  const settle = {
    ready: deferred<void>(),
    joined: deferred<void>(),
    done: deferred<SkuAsRead[] | undefined>(),
  };
  const fail = (e: Error): void => {
    for (const d of Object.values(settle)) d.reject(e);
  };
  worker.on("message", (m: FromShard) => {
    if (m.type === "ready") settle.ready.resolve();
    else if (m.type === "joined") settle.joined.resolve();
    else if (m.type === "skus") for (const sku of m.skus) kept.keep(sku);
    else if (m.type === "done") settle.done.resolve(kept.lists);
    else if (m.type === "moved") {
      settle.joined.resolve();
      settle.done.resolve(undefined);
    } else fail(errorFrom(m.error));
  });
  worker.on("error", fail);
  worker.on("exit", (code) => fail(new Error(`a worker reading SKUs stopped (exit code ${code})`)));
  return {
    ready: settle.ready.promise,
    joined: settle.joined.promise,
    done: settle.done.promise,
    go: (snapshot) =>
      worker.postMessage({
        type: "go",
        ...(snapshot !== undefined ? { snapshot } : {}),
      } satisfies ToShard),
    stop: async () => {
      worker.removeAllListeners("exit");
      await worker.terminate();
    },
  };
}

/** An error a worker reported, as the class it was where the CLI words it. */
function errorFrom(error: ShardError): Error {
  if (error.name === "UsageError") return new UsageError(error.message);
  if (error.name === "StoreUnavailableError") return new StoreUnavailableError(error.message);
  return Object.assign(
    new Error(error.message),
    error.code !== undefined ? { code: error.code } : {},
  );
}

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(e: Error): void;
}

/** A promise settled from outside; a rejection nobody awaits is not an unhandled one. */
function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<T>((ok, no) => {
    resolve = ok;
    reject = no;
  });
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}
