/** Writes the demo company's contract CSVs to a folder, streaming. */
import { closeSync, mkdirSync, openSync, writeSync } from "node:fs";
import * as path from "node:path";
import { csvLine } from "../outcomes/csv-format.js";
import { SKU_HEADER, generateDemo } from "./generate-demo.js";
import type { DemoOptions } from "./generate-demo.js";

const HEADERS = {
  skus: SKU_HEADER,
  daily: ["date", "sku", "units_sold", "on_hand", "stockout"],
  forecasts: ["date", "sku", "forecast_units"],
  decisions: [
    "date",
    "sku",
    "recommended_qty",
    "ordered_qty",
    "planner",
    "reason",
    "policy_version",
  ],
  purchase_orders: [
    "po",
    "sku",
    "ordered_on",
    "qty",
    "expected_on",
    "received_on",
    "received_qty",
    "expedited",
    "supplier",
  ],
  events: ["date", "kind", "sku", "cost", "note"],
} as const;

/** Rows written per file. */
export type DemoCounts = Record<keyof typeof HEADERS, number>;

/**
 * Buffers lines and writes them in large synchronous chunks: the generator is synchronous, and
 * millions of rows must neither pile up in a stream's buffer nor crawl out line by line.
 */
class CsvFile {
  private buffer = "";
  rows = 0;
  constructor(readonly fd: number) {}
  add(values: readonly (string | number | null)[]): void {
    this.buffer += csvLine(values);
    this.rows++;
    if (this.buffer.length > 1 << 20) this.flush();
  }
  flush(): void {
    if (this.buffer) writeSync(this.fd, this.buffer);
    this.buffer = "";
  }
}

/** Writes the demo's files to `dir`; with `only`, just those files (the others are not written). */
export function writeDemo(
  dir: string,
  options: DemoOptions,
  only?: readonly (keyof typeof HEADERS)[],
): DemoCounts {
  mkdirSync(dir, { recursive: true });
  const files = Object.fromEntries(
    Object.entries(HEADERS).map(([name, header]) => {
      const target =
        only && !only.includes(name as keyof typeof HEADERS)
          ? "/dev/null"
          : path.join(dir, `${name}.csv`);
      const f = new CsvFile(openSync(target, "w"));
      writeSync(f.fd, csvLine(header));
      return [name, f];
    }),
  ) as Record<keyof typeof HEADERS, CsvFile>;
  generateDemo(options, {
    sku: (row) => files.skus.add(row),
    daily: (row) => files.daily.add(row),
    forecast: (row) => files.forecasts.add(row),
    decision: (row) => files.decisions.add(row),
    purchaseOrder: (row) => files.purchase_orders.add(row),
    event: (row) => files.events.add(row),
  });
  for (const f of Object.values(files)) {
    f.flush();
    closeSync(f.fd);
  }
  return Object.fromEntries(Object.entries(files).map(([k, f]) => [k, f.rows])) as DemoCounts;
}
