/**
 * Every row of every table, in key order, one JSON line a row: a faithful, comparable picture
 * of the store (used by tests to prove a rejected load changed nothing, and that SQLite and
 * PostgreSQL hold the same).
 */
import type { Database } from "./database.js";
import type { Store } from "./open-store.js";

const ORDER: Record<keyof Database, readonly string[]> = {
  skus: ["sku"],
  daily: ["sku", "date"],
  purchase_orders: ["po", "sku"],
  decisions: ["sku", "date"],
  forecasts: ["sku", "date"],
  events: ["event_key"],
  evaluation_runs: ["id"],
  findings: ["run_id", "finding_id"],
};

export async function dumpStore(store: Store): Promise<string> {
  const lines: string[] = [];
  for (const table of Object.keys(ORDER) as (keyof Database)[]) {
    const rows = (await store.db.selectFrom(table).selectAll().execute()) as Record<
      string,
      unknown
    >[];
    // Sorted here, not in SQL: PostgreSQL's collation would order text differently from SQLite's.
    const key = (row: Record<string, unknown>): string =>
      JSON.stringify(ORDER[table].map((c) => row[c]));
    const sorted = rows
      .map((row) => ({ row, k: key(row) }))
      .sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
    for (const { row } of sorted)
      lines.push(`${table} ${JSON.stringify(row, Object.keys(row).sort())}`);
  }
  return lines.join("\n");
}
