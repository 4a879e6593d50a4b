/**
 * Every SKU's metrics in one or more windows from one ordered scan: what a read of a SKU range
 * computes, whichever thread runs it (this one, or a shard's worker: read-shards.ts).
 */
import type { Kysely } from "kysely";
import { membershipSku } from "../evaluate/segment-portfolio.js";
import type { MembershipSku } from "../evaluate/membership-window.js";
import { computeSku, slimSamples } from "../metrics/sku-metrics.js";
import type { SkuEvaluation, SkuMetricOptions } from "../metrics/sku-metrics.js";
import { typedColumns } from "../policy/attributes.js";
import type { Database } from "../store/database.js";
import { scanObservations } from "../store/scan-observations.js";
import type { Scan, ScanWindow, SkuRange } from "../store/scan-observations.js";

export interface WindowRead {
  window: ScanWindow;
  keep: SkuMetricOptions["keep"];
  /**
   * What is kept of each SKU: its evaluation (the default); `slim`, the metrics, the days known
   * and the daily demand only (see slimSamples); `membership`, what deciding its segment needs
   * (a MembershipSku).
   */
  as?: "slim" | "membership";
  /** `membership`: the facts kept (see membershipSku); a membership read names them. */
  facts?: readonly string[];
}

/** How SKU metrics are computed: plain data, the same in every thread. */
export interface ComputeOptions {
  overrideThreshold: number;
  /** Attributes compared as numbers. */
  numbers: readonly string[];
}

/** One SKU as each read keeps it, in the order of the reads. */
export type SkuAsRead = (SkuEvaluation | MembershipSku)[];

/** Each SKU of `range` as every read keeps it, SKU by SKU in the store's order of SKUs. */
export async function* computedSkus(
  db: Kysely<Database>,
  scan: Scan,
  reads: readonly WindowRead[],
  options: ComputeOptions,
  range: SkuRange = {},
): AsyncGenerator<SkuAsRead> {
  const windows = reads.map((r) => r.window);
  const numbers = new Set(options.numbers);
  for await (const perWindow of scanObservations(db, scan, windows, range)) {
    // Every window shares the SKU's columns: typed once.
    const columns = perWindow[0] ? typedColumns(perWindow[0].columns, numbers) : {};
    yield perWindow.map((o, i) => {
      const { window, keep, as, facts } = reads[i] as WindowRead;
      const e = computeSku(
        { ...o, columns },
        { from: window.from, to: window.to },
        { overrideThreshold: options.overrideThreshold, keep },
      );
      return as === "membership"
        ? membershipSku(e, facts ?? [])
        : as === "slim"
          ? slimSamples(e)
          : e;
    });
  }
}

/** SKUs in code-unit order of their ids, whatever order the store's collation gave them in. */
export function inCodeUnitOrder<T extends { sku: string }>(evaluations: T[]): T[] {
  return evaluations.sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0));
}
