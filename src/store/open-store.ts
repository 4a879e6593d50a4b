/**
 * Opens the store: a SQLite file through better-sqlite3 (WAL, busy timeout) or PostgreSQL
 * through pg, behind the same kysely instance, and brings its schema up to date.
 *
 * @example const store = await openStore(".stockpolicy/outcomes.db"); … await store.close();
 */
import { mkdirSync } from "node:fs";
import * as path from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from "kysely";
import pg from "pg";
import { UsageError } from "../errors.js";
import type { Database } from "./database.js";
import { migrationProvider } from "./migrations.js";
import { upsertSql } from "./upsert-sql.js";

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

export interface Store {
  kind: StoreKind;
  /** Where it is, for messages (a Postgres password is masked). */
  location: string;
  db: Kysely<Database>;
  /** Runs `fn` in one write transaction: committed if it returns, rolled back if it throws. */
  write<T>(fn: (tx: WriteTx) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** How long a writer waits for another to finish with a SQLite file before giving up. */
export const SQLITE_BUSY_TIMEOUT_MS = 10 * 60 * 1000;

export async function openStore(target: string, options: { cwd?: string } = {}): Promise<Store> {
  const store = /^postgres(ql)?:\/\//.test(target)
    ? openPostgres(target)
    : openSqlite(path.resolve(options.cwd ?? ".", target));
  const { error } = await new Migrator({
    db: store.db,
    provider: migrationProvider,
  }).migrateToLatest();
  if (error) {
    await store.close();
    const why = error instanceof Error ? error.message : JSON.stringify(error);
    throw new UsageError(`cannot prepare the store at ${store.location}: ${why}`);
  }
  return store;
}

function openSqlite(file: string): Store {
  mkdirSync(path.dirname(file), { recursive: true });
  let raw: SQLite.Database;
  try {
    raw = new SQLite(file, { timeout: SQLITE_BUSY_TIMEOUT_MS });
  } catch (e) {
    throw new UsageError(`cannot open the SQLite store ${file}: ${(e as Error).message}`);
  }
  raw.pragma("journal_mode = WAL");
  raw.pragma("synchronous = NORMAL");
  raw.pragma("foreign_keys = ON");
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: raw }) });
  const batch = 100;
  return {
    kind: "sqlite",
    location: file,
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
              raw.prepare(upsertSql(table, columns, key, rows, false).compile(db).sql);
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
    close: () => db.destroy(),
  };
}

function openPostgres(url: string): Store {
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const batch = 1000;
  return {
    kind: "postgres",
    location: url.replace(/\/\/([^:/@]+):[^@]*@/, "//$1:***@"),
    db,
    write(fn) {
      return db.transaction().execute((trx) =>
        fn({
          db: trx,
          upserter(table, columns, key) {
            let pending: unknown[][] = [];
            const counts: UpsertCounts = { inserted: 0, updated: 0, unchanged: 0 };
            const send = async (): Promise<void> => {
              const rows = pending;
              pending = [];
              const query = upsertSql(table, columns, key, rows.length, true).compile(trx);
              const result = await trx.executeQuery<{ inserted: boolean }>({
                ...query,
                parameters: rows.flat(),
              });
              const inserted = result.rows.filter((r) => r.inserted).length;
              counts.inserted += inserted;
              counts.updated += result.rows.length - inserted;
              counts.unchanged += rows.length - result.rows.length;
            };
            return {
              add(row) {
                pending.push([...row]);
                return pending.length >= batch ? send() : undefined;
              },
              async finish() {
                if (pending.length > 0) await send();
                return counts;
              },
            };
          },
        }),
      );
    },
    close: () => db.destroy(),
  };
}
