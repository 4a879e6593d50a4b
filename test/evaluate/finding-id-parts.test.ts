/** A finding id's parts, as exceptions name them (vocabulary/finding-kinds.ts parseFindingId). */
import { describe, expect, it } from "vitest";
import { parseFindingId } from "../../src/vocabulary/finding-kinds.js";

describe("parseFindingId", () => {
  it("reads a metric key, a metric with what is tested of it, and subjects with ':'", () => {
    expect(parseFindingId("tolerance-breach:sku/KB-H03:fillRate")).toEqual({
      kind: "tolerance-breach",
      scope: "sku",
      subject: "KB-H03",
      metric: "fillRate",
    });
    expect(parseFindingId("firefighting:segment/seasonal-hero:expediteRate:trend")).toEqual({
      kind: "firefighting",
      scope: "segment",
      subject: "seasonal-hero",
      metric: "expediteRate",
    });
    expect(parseFindingId("insufficient-data:segment/core:fillRate:unmeasured")?.subject).toBe(
      "core",
    );
    // A last word after something that is no metric is the metric itself, the rest the subject.
    expect(parseFindingId("tolerance-breach:sku/A:B:fillRate")?.subject).toBe("A:B");
    expect(parseFindingId("stale-review:segment/trend")).toEqual({
      kind: "stale-review",
      scope: "segment",
      subject: "trend",
    });
    expect(parseFindingId("no-such-kind:segment/x")).toBeUndefined();
  });
});
