/**
 * Opens the store: a SQLite file through better-sqlite3 (WAL, busy timeout) or PostgreSQL
 * through pg, behind the same kysely instance. Only `ingest` and `demo` create a store (and
 * bring its schema up to date); every other command opens one that must exist and hold a
 * stockpolicy schema of this version — a mistyped --db is exit 2 naming the path, never an empty
 * store that a CI gate passes on — and reading commands open SQLite read-only. A file that is
 * not SQLite, is damaged, or was written by a newer stockpolicy is exit 2 saying which.
 *
 * @example const store = await openStore(".stockpolicy/outcomes.db"); … await store.close();
 */
import { existsSync, mkdirSync } from "node:fs";
import * as path from "node:path";
import SQLite from "better-sqlite3";
import { CompiledQuery, Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from "kysely";
import type { PostgresPool, Transaction } from "kysely";
import type pg from "pg";
import { StoreUnavailableError, UsageError, isConnectionFailure } from "../errors.js";
import type { Database } from "./database.js";
import { MIGRATION_NAMES, migrationProvider } from "./migrations.js";
import { maskUrl } from "./mask-url.js";
import { upsertSql } from "./upsert-sql.js";
import type { Scan } from "./scan-observations.js";

/**
 * Rows a scan hands over at a time, unless its query names fewer. Small enough that a batch
 * dies young: at 8,192 the batches outlived the young generation and a 50k-SKU evaluation
 * peaked 100 MB higher (833 → 733 MB).
 */
const SCAN_BATCH = 1024;

export type StoreKind = "sqlite" | "postgres";

export interface UpsertCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

/** Writes rows (values in `columns` order) to one table in batches. */
export interface Upserter {
  /** Returns a promise only when a batch was sent and must be awaited. */
  add(row: readonly unknown[]): Promise<void> | undefined;
  finish(): Promise<UpsertCounts>;
}

export interface WriteTx {
  db: Kysely<Database>;
  upserter(table: keyof Database, columns: readonly string[], key: readonly string[]): Upserter;
}

/**
 * Where a reader on another connection stands before the read it will join begins: SQLite's
 * data version then (a commit since shows as another), nothing for PostgreSQL.
 */
export interface JoinTicket {
  dataVersion?: number;
}

/** What a reader on another connection needs to read another read's snapshot (see `read`). */
export interface SnapshotJoin {
  ticket: JoinTicket;
  /** PostgreSQL: the snapshot the other read exported. */
  snapshot?: string;
}

/**
 * A read asked to join another's snapshot could not: something was committed between the
 * ticket and this read (SQLite has no way to share a snapshot, only to tell that it moved).
 */
export class SnapshotMovedError extends Error {
  override readonly name = "SnapshotMovedError";
}

/** Inside a read: what another connection passes to join this read's snapshot (PostgreSQL only). */
export type ExportSnapshot = () => Promise<string | undefined>;

export interface Store {
  kind: StoreKind;
  /** Where it is, for messages (a Postgres password is masked). */
  location: string;
  /** What openStore takes to open this store again on another connection (never printed). */
  address: string;
  db: Kysely<Database>;
  /** Runs `fn` in one write transaction: committed if it returns, rolled back if it throws. */
  write<T>(fn: (tx: WriteTx) => Promise<T>): Promise<T>;
  /**
   * Runs `fn` on one read snapshot: whatever another process commits meanwhile (an ingest), `fn`
   * sees the store as it was when it began (SQLite: a read transaction on WAL; PostgreSQL:
   * REPEATABLE READ, read only). With `join`, the snapshot of another connection's read: the
   * one it exported (PostgreSQL), or its own if nothing was committed since the ticket was taken
   * before that read began (SQLite; else SnapshotMovedError).
   */
  read<T>(
    fn: (db: Kysely<Database>, scan: Scan, exportSnapshot: ExportSnapshot) => Promise<T>,
    join?: SnapshotJoin,
  ): Promise<T>;
  /** Taken outside any read, before the read to be joined begins. */
  ticket(): JoinTicket;
  /**
   * Runs `fn` with every read this store begins meanwhile (and each worker that joins one) in
   * one snapshot: the first read's. Two passes over the SKUs, one after the other, read the same
   * data whatever is committed in between.
   */
  pinned<T>(fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** How long a writer waits for another to finish with a SQLite file before giving up. */
export const SQLITE_BUSY_TIMEOUT_MS = 10 * 60 * 1000;

/** create: made if missing, schema brought up to date; write: must exist; read: must exist, read-only. */
export type StoreAccess = "create" | "write" | "read";

export async function openStore(
  target: string,
  options: { cwd?: string; access?: StoreAccess } = {},
): Promise<Store> {
  const access = options.access ?? "create";
  const store = /^postgres(ql)?:\/\//.test(target)
    ? await openPostgres(target)
    : openSqlite(path.resolve(options.cwd ?? ".", target), access);
  try {
    if (access === "create") await migrate(store);
    else if (access === "write") {
      // It must be a stockpolicy store already; a writer brings an older schema up to date.
      if (!(await appliedMigrations(store))) throw notAStore(store);
      await migrate(store);
    } else await checkSchema(store);
  } catch (e) {
    await store.close();
    throw e;
  }
  return store;
}

async function migrate(store: Store): Promise<void> {
  await checkNotNewer(store);
  const { error } = await new Migrator({
    db: store.db,
    provider: migrationProvider,
  }).migrateToLatest();
  if (error && isConnectionFailure(error))
    throw new StoreUnavailableError(`cannot reach ${store.location}: ${describe(error)}`);
  if (error)
    throw new UsageError(`cannot prepare the store at ${store.location}: ${describe(error)}`);
}

/** The schema's applied migrations, or undefined when the database holds no stockpolicy store. */
async function appliedMigrations(store: Store): Promise<string[] | undefined> {
  try {
    const tables = await store.db.introspection.getTables({ withInternalKyselyTables: true });
    if (!tables.some((t) => t.name === "kysely_migration")) return undefined;
    const rows = await (store.db as unknown as Kysely<{ kysely_migration: { name: string } }>)
      .selectFrom("kysely_migration")
      .select("name")
      .execute();
    return rows.map((r) => r.name).sort();
  } catch (e) {
    if (isConnectionFailure(e))
      throw new StoreUnavailableError(`cannot reach ${store.location}: ${describe(e)}`);
    throw new UsageError(`cannot read the store at ${store.location}: ${describe(e)}`);
  }
}

async function checkNotNewer(store: Store): Promise<void> {
  const unknown = ((await appliedMigrations(store)) ?? []).filter(
    (m) => !MIGRATION_NAMES.includes(m),
  );
  if (unknown.length > 0)
    throw new UsageError(
      `the store at ${store.location} was written by a newer stockpolicy (its schema has ${unknown.join(", ")}): ` +
        "upgrade stockpolicy to read it",
    );
}

const notAStore = (store: Store): UsageError =>
  new UsageError(
    `no stockpolicy store at ${store.location}: expected one made by \`stockpolicy ingest\` (or \`demo\`)`,
  );

async function checkSchema(store: Store): Promise<void> {
  const applied = await appliedMigrations(store);
  if (!applied) throw notAStore(store);
  await checkNotNewer(store);
  if (MIGRATION_NAMES.some((m) => !applied.includes(m)))
    throw new UsageError(
      `the store at ${store.location} was made by an older stockpolicy: run \`stockpolicy ingest\` once to upgrade it`,
    );
}

/** An error as a few words: SQLite's own message for a damaged or foreign file. */
function describe(e: unknown): string {
  const err = e as { code?: string; message?: string };
  if (err?.code === "SQLITE_NOTADB") return "it is not a SQLite database";
  if (err?.code === "SQLITE_CORRUPT") return "the SQLite database is damaged";
  return err?.message ?? String(e);
}

function openSqlite(file: string, access: StoreAccess): Store {
  if (access !== "create" && !existsSync(file))
    throw new UsageError(
      `no stockpolicy store at ${file}: expected one made by \`stockpolicy ingest\` (or \`demo\`); check --db`,
    );
  let raw: SQLite.Database;
  try {
    if (access === "create") mkdirSync(path.dirname(file), { recursive: true });
    raw = new SQLite(file, {
      timeout: SQLITE_BUSY_TIMEOUT_MS,
      readonly: access === "read",
      fileMustExist: access !== "create",
    });
    if (access !== "read") {
      raw.pragma("journal_mode = WAL");
      raw.pragma("synchronous = NORMAL");
    }
    raw.pragma("foreign_keys = ON");
  } catch (e) {
    throw new UsageError(`cannot open the SQLite store ${file}: ${describe(e)}`);
  }
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: raw }) });
  const batch = 100;
  return {
    kind: "sqlite",
    location: file,
    address: file,
    db,
    async write(fn) {
      // IMMEDIATE takes the write lock now (waiting up to the busy timeout), so two loads
      // into one file run one after the other instead of failing on a lock upgrade.
      raw.exec("BEGIN IMMEDIATE");
      try {
        const result = await fn({
          db,
          upserter(table, columns, key) {
            const compile = (rows: number): SQLite.Statement =>
              raw.prepare(upsertSql(table, columns, key, rows).compile(db).sql);
            const many = compile(batch);
            const one = compile(1);
            const count = (): number =>
              (raw.prepare(`select count(*) as n from "${table}"`).get() as { n: number }).n;
            const before = count();
            let pending: unknown[] = [];
            let rows = 0;
            let changes = 0;
            return {
              add(row) {
                pending.push(...row);
                rows++;
                if (pending.length === batch * columns.length) {
                  changes += many.run(pending).changes;
                  pending = [];
                }
                return undefined;
              },
              finish() {
                for (let i = 0; i < pending.length; i += columns.length)
                  changes += one.run(pending.slice(i, i + columns.length)).changes;
                pending = [];
                const inserted = count() - before;
                return Promise.resolve({
                  inserted,
                  updated: changes - inserted,
                  unchanged: rows - changes,
                });
              },
            };
          },
        });
        raw.exec("COMMIT");
        return result;
      } catch (e) {
        if (raw.inTransaction) raw.exec("ROLLBACK");
        throw e;
      }
    },
    ...sqliteSnapshot(raw, db),
    ticket: () => ({ dataVersion: raw.pragma("data_version", { simple: true }) as number }),
    close: () => db.destroy(),
  };
}

/**
 * A query's rows as arrays: a page at a time where it has pages (`all` on a page is faster than
 * better-sqlite3's row-by-row iterator), else iterated. Several scans may run side by side on
 * one connection.
 */
function sqliteScan(raw: SQLite.Database): Scan {
  const statements = new Map<string, SQLite.Statement>();
  const prepared = (query: CompiledQuery): SQLite.Statement => {
    let statement = statements.get(query.sql);
    if (!statement) statements.set(query.sql, (statement = raw.prepare(query.sql).raw(true)));
    return statement;
  };
  return function* ({ query, page, batch: size = SCAN_BATCH }) {
    if (page) {
      for (let after: readonly unknown[] | undefined; ;) {
        const q = page(after, size);
        const rows = prepared(q).all(...q.parameters) as unknown[][];
        if (rows.length > 0) yield rows;
        if (rows.length < size) return;
        after = rows[rows.length - 1];
      }
    }
    // A statement of its own: an iterated one is busy until done.
    const rows = raw
      .prepare(query.sql)
      .raw(true)
      .iterate(...query.parameters) as IterableIterator<unknown[]>;
    try {
      let batch: unknown[][] = [];
      for (const row of rows) {
        batch.push(row);
        if (batch.length === size) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length > 0) yield batch;
    } finally {
      rows.return?.();
    }
  };
}

/** A pool of the one client a transaction holds, for a kysely instance on it (never ended by it). */
function onlyClient(client: pg.PoolClient): PostgresPool {
  return {
    connect: () => Promise.resolve({ query: client.query.bind(client), release: () => undefined }),
    end: () => Promise.resolve(),
  };
}

/** An exported snapshot's id as PostgreSQL writes it (hex words and dashes), else refused. */
function snapshotId(id: string): string {
  if (!/^[0-9A-F]+(-[0-9A-F]+)*$/i.test(id)) throw new Error(`not a snapshot id: ${id}`);
  return id;
}

/** A query's rows through a server-side cursor of the transaction, fetched a batch at a time. */
function postgresScan(trx: Transaction<Database>): Scan {
  let cursors = 0;
  return async function* ({ query, batch = SCAN_BATCH }) {
    const name = `stockpolicy_scan_${++cursors}`;
    await trx.executeQuery(
      CompiledQuery.raw(`declare ${name} no scroll cursor for ${query.sql}`, [...query.parameters]),
    );
    for (;;) {
      const { rows } = await trx.executeQuery<Record<string, unknown>>(
        CompiledQuery.raw(`fetch forward ${batch} from ${name}`),
      );
      if (rows.length === 0) break;
      yield rows.map((r) => Object.values(r));
    }
    // A cursor left open (a scan stopped early) closes with its read-only transaction.
    await trx.executeQuery(CompiledQuery.raw(`close ${name}`));
  };
}

const noExport: ExportSnapshot = () => Promise.resolve(undefined);

/**
 * A read transaction on WAL: one snapshot for all that `fn` reads. Joining another's, the
 * snapshot is taken (a first read) and its data version compared with the ticket's. Pinned, the
 * first read's transaction stays open until the pin ends, and every later read is inside it.
 */
function sqliteSnapshot(
  raw: SQLite.Database,
  db: Kysely<Database>,
): Pick<Store, "read" | "pinned"> {
  const scan = sqliteScan(raw);
  let pins = 0;
  const read: Store["read"] = async (fn, join) => {
    if (raw.inTransaction && !join) return fn(db, scan, noExport);
    raw.exec("BEGIN");
    try {
      if (join) {
        raw.prepare("select count(*) from skus").get();
        if (raw.pragma("data_version", { simple: true }) !== join.ticket.dataVersion)
          throw new SnapshotMovedError("the store changed before this read could join the other");
      }
      const result = await fn(db, scan, noExport);
      if (pins === 0) raw.exec("COMMIT");
      return result;
    } catch (e) {
      if (raw.inTransaction) raw.exec("ROLLBACK");
      throw e;
    }
  };
  return {
    read,
    // The transaction begins with the first read, not before: a sharded read's workers take
    // their tickets before it (read-shards.ts), so they still tell when they cannot join.
    async pinned(fn) {
      pins++;
      try {
        return await fn();
      } finally {
        if (--pins === 0 && raw.inTransaction) raw.exec("COMMIT");
      }
    },
  };
}

/**
 * pg and the COPY streams are loaded for a PostgreSQL store only: a SQLite store's process does
 * not carry them (some 10 MB of a process's memory).
 */
async function openPostgres(url: string): Promise<Store> {
  const [{ default: pg }, { copyUpserter }] = await Promise.all([
    import("pg"),
    import("./postgres-copy.js"),
  ]);
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  /** The snapshot a pinned read exported: every read without a join of its own joins it. */
  let pin: string | undefined;
  const read: Store["read"] = (fn, asked) => {
    const join = asked ?? (pin !== undefined ? { ticket: {}, snapshot: pin } : undefined);
    return db
      .transaction()
      .setIsolationLevel("repeatable read")
      .execute(async (trx) => {
        // Before any query of the transaction, as PostgreSQL requires.
        if (join?.snapshot !== undefined)
          await sql`set transaction snapshot ${sql.lit(snapshotId(join.snapshot))}`.execute(trx);
        await sql`set transaction read only`.execute(trx);
        // Numbers as text are the shortest that read back exactly, whatever the server's
        // setting (0 or less rounds to 15 digits): the daily lists and pg's own parsing rely on it.
        await sql`set local extra_float_digits = 1`.execute(trx);
        const exportSnapshot: ExportSnapshot = async () =>
          (await sql<{ id: string }>`select pg_export_snapshot() as id`.execute(trx)).rows[0]?.id;
        return fn(trx, postgresScan(trx), exportSnapshot);
      });
  };
  return {
    kind: "postgres",
    location: maskUrl(url),
    address: url,
    db,
    async write(fn) {
      // One client for the whole transaction: kysely's queries and the COPY streams share it.
      const client = await pool.connect();
      const tx = new Kysely<Database>({
        dialect: new PostgresDialect({ pool: onlyClient(client) }),
      });
      try {
        await client.query("begin");
        const result = await fn({
          db: tx,
          upserter: (table, columns, key) => copyUpserter(client, tx, table, columns, key),
        });
        await client.query("commit");
        return result;
      } catch (e) {
        await client.query("rollback").catch(() => undefined);
        throw e;
      } finally {
        client.release();
      }
    },
    read,
    // A transaction of its own holds the snapshot every read joins meanwhile.
    pinned: (fn) =>
      read(async (_db, _scan, exportSnapshot) => {
        const outer = pin;
        pin ??= await exportSnapshot();
        try {
          return await fn();
        } finally {
          pin = outer;
        }
      }),
    ticket: () => ({}),
    close: () => db.destroy(),
  };
}
