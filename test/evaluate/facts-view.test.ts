/** A SKU's facts read as they are asked for are the facts built in full, name by name and listed. */
import { describe, expect, it } from "vitest";
import { skuFacts, skuFactsView } from "../../src/evaluate/segment-portfolio.js";
import { metricPacker } from "../../src/metrics/packed-metrics.js";
import { observationsIn } from "../../src/metrics/observations.js";
import { computeSku } from "../../src/metrics/sku-metrics.js";
import type { SkuEvaluation } from "../../src/metrics/sku-metrics.js";
import { SKU, WINDOW } from "../metrics/fixture.js";

const computed = computeSku(observationsIn(SKU, WINDOW), WINDOW, { overrideThreshold: 0.1 });
// A column that a metric of the same name overrides, one that a not-measurable metric does not,
// a pin, and a column that is null.
const sku: SkuEvaluation = {
  ...computed,
  columns: {
    ...computed.columns,
    fillRate: "from skus.csv",
    demandCv: 7,
    segment: "pinned",
    note: null,
  },
};

describe("skuFactsView", () => {
  for (const [label, e] of [
    ["plain metrics", sku],
    ["packed metrics", { ...sku, metrics: metricPacker().pack(sku.metrics) }],
  ] as const)
    it(`reads and lists what skuFacts builds (${label})`, () => {
      const full = skuFacts(e);
      const view = skuFactsView(e);
      expect(Object.keys(full).length).toBeGreaterThan(20);
      for (const name of [...Object.keys(full), "nothing"])
        expect(view[name], name).toBe(full[name]);
      // Nothing inherited reads as a fact.
      expect(view.constructor).toBeUndefined();
      expect(view.fillRate).toBe(e.metrics.fillRate?.value);
      expect(view.demandCv).toBe(7); // not measurable: the column stays
      expect(Object.entries(view)).toEqual(Object.entries(full));
      expect("segment" in view).toBe(true);
      expect("nothing" in view).toBe(false);
    });

  it("takes values set over the SKU's, and cannot be changed", () => {
    const view = skuFactsView(sku, { segment: undefined, demandMean: -1 });
    expect(view.segment).toBeUndefined();
    expect(view.demandMean).toBe(-1);
    expect(Object.keys(view)).toContain("segment");
    expect(() => {
      (view as Record<string, unknown>).segment = "other";
    }).toThrow(TypeError);
  });
});
