/**
 * Loading into PostgreSQL through COPY: rows stream as CSV into a temporary staging table, then
 * one `INSERT … SELECT … ON CONFLICT` upserts them all, counting inserted, updated and unchanged
 * rows as the multi-row upsert does. Inside the caller's transaction, so the load stays
 * all-or-nothing; the staging table goes with the transaction.
 */
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { sql } from "kysely";
import type { Kysely } from "kysely";
import type { Database } from "./database.js";
import type { UpsertCounts, Upserter } from "./open-store.js";

/** Characters of CSV buffered before they are written to the COPY stream. */
const CHUNK_CHARS = 1 << 16;

/** One value as a CSV field COPY reads back exactly: null empty, text quoted, numbers as JS prints them. */
function csvField(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "number") return String(v);
  if (typeof v === "boolean") return v ? "true" : "false";
  const text = typeof v === "string" ? v : JSON.stringify(v);
  return `"${text.replaceAll('"', '""')}"`;
}

const quoted = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/**
 * An upserter for `table` on the transaction's client: rows are copied into a staging table and
 * upserted when it finishes. `db` is a kysely instance on the same client (for the upsert SQL).
 */
export function copyUpserter(
  client: pg.PoolClient,
  db: Kysely<Database>,
  table: keyof Database,
  columns: readonly string[],
  key: readonly string[],
): Upserter {
  const stage = `stockpolicy_stage_${table}`;
  const list = columns.map(quoted).join(", ");
  let rows = 0;
  let buffer = "";
  let stream: ReturnType<typeof copyFrom> | undefined;
  let done: Promise<void> | undefined;
  const open = async (): Promise<ReturnType<typeof copyFrom>> => {
    await client.query(
      `create temp table if not exists ${quoted(stage)} (like ${quoted(table)}) on commit drop`,
    );
    await client.query(`truncate ${quoted(stage)}`);
    const s = client.query(
      copyFrom(`copy ${quoted(stage)} (${list}) from stdin with (format csv)`),
    );
    done = new Promise((resolve, reject) => {
      s.on("finish", resolve);
      s.on("error", reject);
    });
    return s;
  };
  const flush = async (): Promise<void> => {
    stream ??= await open();
    const text = buffer;
    buffer = "";
    if (!stream.write(text)) await new Promise((resolve) => stream?.once("drain", resolve));
  };
  return {
    add(row) {
      buffer += `${row.map(csvField).join(",")}\n`;
      rows++;
      return buffer.length >= CHUNK_CHARS ? flush() : undefined;
    },
    async finish() {
      if (rows === 0) return { inserted: 0, updated: 0, unchanged: 0 };
      await flush();
      stream?.end();
      await done;
      return upsertFromStage(db, table, stage, columns, key, rows);
    },
  };
}

/** The staged rows upserted in one statement; an existing key is updated only when a value differs. */
async function upsertFromStage(
  db: Kysely<Database>,
  table: string,
  stage: string,
  columns: readonly string[],
  key: readonly string[],
  rows: number,
): Promise<UpsertCounts> {
  const rest = columns.filter((c) => !key.includes(c));
  const cols = sql.join(columns.map((c) => sql.id(c)));
  const conflict =
    rest.length === 0
      ? sql`do nothing`
      : sql`do update set ${sql.join(rest.map((c) => sql`${sql.id(c)} = excluded.${sql.id(c)}`))}
          where ${sql.join(
            rest.map(
              (c) => sql`${sql.table(table)}.${sql.id(c)} is distinct from excluded.${sql.id(c)}`,
            ),
            sql` or `,
          )}`;
  // xmax = 0 marks a row this statement inserted rather than updated.
  const { rows: counted } = await sql<{ inserted: string; changed: string }>`
    with up as (
      insert into ${sql.table(table)} (${cols}) select ${cols} from ${sql.table(stage)}
      on conflict (${sql.join(key.map((c) => sql.id(c)))}) ${conflict}
      returning (xmax = 0) as inserted
    )
    select count(*) filter (where inserted) as inserted, count(*) as changed from up`.execute(db);
  const inserted = Number(counted[0]?.inserted ?? 0);
  const changed = Number(counted[0]?.changed ?? 0);
  return { inserted, updated: changed - inserted, unchanged: rows - changed };
}
