/**
 * The demo company's outcomes: its catalogue simulated SKU by SKU over a fixed calendar,
 * streamed to a sink so that 50k SKUs never sit in memory at once. Same seed, same rows.
 *
 * @example generateDemo({ seed: 7, end: "2026-10-31", days: 730, skus: 300, episodes: true }, sink)
 */
import { buildCompany } from "./demo-company.js";
import type { SkuSpec } from "./demo-company.js";
import { simulateSku } from "./simulate-sku.js";
import type { DemoSink, Episodes } from "./simulate-sku.js";

export interface DemoOptions {
  seed: number;
  /** Last day of data. */
  end: string;
  /** Days of data ending at `end`. */
  days: number;
  skus: number;
  /** Inject the port congestion and the habitual overrider. */
  episodes: boolean;
}

export const DEMO_DEFAULTS: DemoOptions = {
  seed: 20261031,
  end: "2026-10-31",
  days: 730,
  skus: 300,
  episodes: true,
};

export const SKU_HEADER = [
  "sku",
  "name",
  "category",
  "line",
  "supplier",
  "unit_cost",
  "unit_price",
  "lead_time_days",
  "moq",
  "case_pack",
  "segment",
];

export interface FullDemoSink extends DemoSink {
  sku(row: (string | number | null)[]): void;
}

const BURN_IN = 90;
const DAY_MS = 86_400_000;

export function generateDemo(options: DemoOptions, sink: FullDemoSink): { skus: SkuSpec[] } {
  const endMs = Date.parse(`${options.end}T00:00:00Z`);
  const total = options.days + BURN_IN;
  const dates = Array.from({ length: total }, (_, i) =>
    new Date(endMs - (total - 1 - i) * DAY_MS).toISOString().slice(0, 10),
  );
  const skus = buildCompany(options.seed, {
    skus: options.skus,
    burnInDays: BURN_IN,
    days: options.days,
  });
  const congestionStart = dates.indexOf(`${options.end.slice(0, 4)}-08-01`);
  const episodes: Episodes = options.episodes
    ? {
        portCongestionFrom: congestionStart >= 0 ? congestionStart : total - 90,
        habitualOverrider: "dana",
      }
    : {};
  for (const s of skus) {
    sink.sku([
      s.sku,
      s.name,
      s.category,
      s.line,
      s.supplier,
      s.unitCost,
      s.unitPrice,
      s.plannedLeadDays,
      s.moq || null,
      s.casePack,
      s.segment,
    ]);
  }
  if (options.episodes && congestionStart >= 0) {
    sink.event([
      dates[congestionStart] as string,
      "other",
      "",
      0,
      "Port congestion on the trans-Pacific lane: carriers quote 4–6 weeks of delay",
    ]);
  }
  for (const s of skus)
    simulateSku(s, { dates, firstWritten: BURN_IN }, episodes, options.seed, sink);
  return { skus };
}
