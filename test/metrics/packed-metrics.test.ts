/**
 * Packed SKU metrics read back what was packed: every shape computeSku writes, the shared
 * frozen values as themselves, anything else as it was; in the order they were packed.
 */
import { describe, expect, it } from "vitest";
import {
  SKU_METRIC_ORDER,
  metricEntries,
  metricPacker,
  withMetrics,
} from "../../src/metrics/packed-metrics.js";
import type { SkuMetrics } from "../../src/metrics/sku-metrics.js";
import { observationsIn } from "../../src/metrics/observations.js";
import { computeSku } from "../../src/metrics/sku-metrics.js";
import { SKU, WINDOW } from "./fixture.js";

const notMeasurable = Object.freeze({ value: null, n: 3, reason: "no demand" });

// In computeSku's order (SKU_METRIC_ORDER), as a view lists them.
const plain = (): SkuMetrics => ({
  demandMean: { value: 1.25, n: 90 },
  demandCv: notMeasurable,
  demandPattern: { value: "intermittent", n: 12 },
  inStockRate: { value: 5 / 6, n: 6, interval: [0.4365, 0.9699] },
  fillRate: { value: 0.30000000000000004, n: 14 },
  recoveryDays: { value: -0, n: 1, interval: [-1e-300, 2 ** 53 + 2] },
  // Not shapes computeSku writes (a count not whole, clusters): kept as they are.
  capital: { value: 10, n: 1.5 },
  leadTimeDays: { value: 12.5, n: 4, clusters: 2 },
});

describe("packed SKU metrics", () => {
  it("read back, name by name, equal to what was packed", () => {
    const packer = metricPacker();
    const m = plain();
    const packed = packer.pack(m);
    for (const [name, v] of Object.entries(m))
      expect(packed[name as keyof SkuMetrics], name).toEqual(v);
    expect(Object.is(packed.recoveryDays?.value, -0)).toBe(true);
    expect(packed.demandCv).toBe(notMeasurable);
    expect(packed.coverWeeks).toBeUndefined();
    expect(packed.abcClass).toBeUndefined();
  });

  it("list their entries, and write their JSON, in the order they were packed", () => {
    const packer = metricPacker();
    const m = plain();
    const packed = packer.pack(m);
    expect(metricEntries(packed)).toEqual(Object.entries(m));
    expect(JSON.stringify(packed)).toBe(JSON.stringify(m));
  });

  it("keep each SKU's own values across blocks", () => {
    const packer = metricPacker();
    const all = Array.from({ length: 2500 }, (_, i) =>
      packer.pack({ demandMean: { value: i / 7, n: i }, fillRate: { value: 1 - i / 1e4, n: 3 } }),
    );
    for (const i of [0, 1023, 1024, 2047, 2499]) {
      expect(all[i]?.demandMean).toEqual({ value: i / 7, n: i });
      expect(all[i]?.fillRate).toEqual({ value: 1 - i / 1e4, n: 3 });
    }
  });

  it("take values set over them, in the place of a packed one or after the rest", () => {
    const packed = metricPacker().pack(plain());
    const abc = Object.freeze({ value: "A", n: 50 });
    const completed = withMetrics(packed, {
      fillRate: { value: 0.5, n: 2 },
      abcClass: abc,
      capitalShare: { value: 0.01, n: 50 },
    });
    expect(completed.fillRate).toEqual({ value: 0.5, n: 2 });
    expect(completed.abcClass).toBe(abc);
    expect(packed.fillRate).toEqual({ value: 0.30000000000000004, n: 14 });
    const names = metricEntries(completed).map(([name]) => name);
    expect(names).toEqual([...Object.keys(plain()), "abcClass", "capitalShare"]);
    expect(metricEntries(completed)[4]).toEqual(["fillRate", { value: 0.5, n: 2 }]);
  });

  it("of a SKU computed from its rows read back what computeSku gave", () => {
    const e = computeSku(observationsIn(SKU, WINDOW), WINDOW, { overrideThreshold: 0.1 });
    const packed = metricPacker().pack(e.metrics);
    const names = Object.keys(e.metrics);
    expect(names).toEqual(SKU_METRIC_ORDER.filter((name) => names.includes(name)));
    expect(metricEntries(packed)).toEqual(Object.entries(e.metrics));
    expect(metricEntries(packed).length).toBeGreaterThan(20);
  });
});
