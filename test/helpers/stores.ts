/**
 * The store targets that tests loop over: a fresh SQLite file always, and a fresh PostgreSQL
 * database when STOCKPOLICY_TEST_PG names a server (.ci/run starts one). Without it the
 * PostgreSQL cases are skipped, and the run says so once.
 */
import * as path from "node:path";
import pg from "pg";
import { dumpStore } from "../../src/store/dump-store.js";
import { openStore } from "../../src/store/open-store.js";
import { tempDir } from "./cli.js";

export type Dialect = "sqlite" | "postgres";

export const PG_ADMIN_URL = process.env.STOCKPOLICY_TEST_PG;

export const DIALECTS: readonly Dialect[] = PG_ADMIN_URL ? ["sqlite", "postgres"] : ["sqlite"];

if (!PG_ADMIN_URL) {
  console.warn(
    "PostgreSQL tests skipped: STOCKPOLICY_TEST_PG is not set (.ci/run starts a throwaway server; see README).",
  );
}

let counter = 0;

/** A new, empty store location for the dialect: a SQLite file path or a postgres:// URL. */
export async function freshStore(dialect: Dialect): Promise<string> {
  if (dialect === "sqlite") return path.join(tempDir(), "outcomes.db");
  if (!PG_ADMIN_URL) throw new Error("no PostgreSQL server");
  const name = `stockpolicy_test_${process.pid}_${Date.now()}_${++counter}`;
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    await client.query(`create database ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/** The full dump of the store at a location (see dumpStore). */
export async function dumpAt(db: string): Promise<string> {
  const store = await openStore(db);
  try {
    return await dumpStore(store);
  } finally {
    await store.close();
  }
}
