import { sql } from "kysely";
import type { RawBuilder } from "kysely";

/**
 * An idempotent multi-row upsert: new keys are inserted; an existing key is updated only when
 * a value differs (null-safe), so a reload of the same rows changes nothing. SQLite's loads
 * (≥ 3.39); PostgreSQL's go through COPY and a staging table (postgres-copy.ts).
 *
 * @example upsertSql("daily", ["sku", "date", "units_sold"], ["sku", "date"], 2)
 */
export function upsertSql(
  table: string,
  columns: readonly string[],
  key: readonly string[],
  rows: number,
): RawBuilder<unknown> {
  const placeholders = (offset: number): RawBuilder<unknown> =>
    sql`(${sql.join(columns.map((_, i) => sql.val<unknown>(offset + i)))})`;
  const values = sql.join(Array.from({ length: rows }, (_, r) => placeholders(r * columns.length)));
  const rest = columns.filter((c) => !key.includes(c));
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
  return sql`insert into ${sql.table(table)} (${sql.join(columns.map((c) => sql.id(c)))}) values ${values}
    on conflict (${sql.join(key.map((c) => sql.id(c)))}) ${conflict}`;
}
