/**
 * What the store holds, table by table: rows, SKUs, the dates covered and how many rows give
 * each optional column (a column nobody filled says which metrics cannot be measured).
 */
import { sql } from "kysely";
import type { Kysely } from "kysely";
import type { Database } from "./database.js";

export interface TableCoverage {
  table: keyof Database;
  rows: number;
  skus: number;
  /** First and last date of the table's date column (none for skus). */
  from?: string;
  to?: string;
  /** Rows with a value, for each optional column. */
  filled: Record<string, number>;
}

const TABLES = [
  { table: "skus", date: undefined, optional: ["unit_price", "supplier", "category", "segment"] },
  { table: "daily", date: "date", optional: ["on_hand", "stockout", "lost_units"] },
  {
    table: "purchase_orders",
    date: "ordered_on",
    optional: ["expected_on", "received_on", "received_qty", "expedited"],
  },
  { table: "decisions", date: "date", optional: ["planner", "reason", "policy_version"] },
  { table: "forecasts", date: "date", optional: [] },
  { table: "events", date: "date", optional: ["sku", "cost"] },
] as const;

export async function readCoverage(db: Kysely<Database>): Promise<TableCoverage[]> {
  const out: TableCoverage[] = [];
  for (const t of TABLES) {
    const columns = [
      sql`count(*)`.as("rows"),
      sql`count(distinct ${sql.ref("sku")})`.as("skus"),
      ...(t.date
        ? [sql`min(${sql.ref(t.date)})`.as("first"), sql`max(${sql.ref(t.date)})`.as("last")]
        : []),
      ...t.optional.map((c) => sql`count(${sql.ref(c)})`.as(c)),
    ];
    const row = (await db.selectFrom(t.table).select(columns).executeTakeFirst()) as
      Record<string, string | number | null> | undefined;
    const filled = Object.fromEntries(t.optional.map((c) => [c, Number(row?.[c] ?? 0)]));
    out.push({
      table: t.table,
      rows: Number(row?.rows ?? 0),
      skus: Number(row?.skus ?? 0),
      ...(typeof row?.first === "string" ? { from: row.first } : {}),
      ...(typeof row?.last === "string" ? { to: row.last } : {}),
      filled,
    });
  }
  return out;
}
