/**
 * The reference window as columns (membership-window.ts): the facts a segment rule reads are the
 * ones kept, a SKU is found by its id whatever order the read gave, a fact a SKU lacks stays
 * absent, and segmenting on a read that kept other facts is refused rather than made on
 * missing facts.
 */
import { describe, expect, it } from "vitest";
import { segmentFactNames } from "../../src/evaluate/assign-segment.js";
import {
  memberFacts,
  memberIndex,
  membershipColumns,
} from "../../src/evaluate/membership-window.js";
import type { MembershipSku } from "../../src/evaluate/membership-window.js";
import { segmentPortfolio } from "../../src/evaluate/segment-portfolio.js";
import { conditionFacts } from "../../src/vocabulary/conditions.js";
import { segmentPolicy } from "../helpers/policies.js";

const TARGETS = { fillRate: 0.9, reviewPeriodDays: 7, cover: { minWeeks: 0, maxWeeks: 52 } };

const member = (sku: string, values: unknown[], revenue = NaN): MembershipSku => ({
  sku,
  values,
  revenue,
  capital: NaN,
  knownDays: 30,
});

describe("the facts segment rules read", () => {
  it("are every leaf's fact and every fact a value refers to, once each, with the pin", () => {
    const match = {
      any: [
        { fact: "demandCv", operator: "lessThan", value: 0.5 },
        { not: { fact: "line", operator: "equal", value: { fact: "homeLine" } } },
        { all: [{ fact: "demandCv", operator: "greaterThan", value: 0 }] },
      ],
    };
    expect(conditionFacts(match)).toEqual(["demandCv", "line", "homeLine", "demandCv"]);
    const segments = [
      segmentPolicy("a", { priority: 1, match, assumptions: {}, tolerance: {}, targets: TARGETS }),
      segmentPolicy("b", { priority: 2, assumptions: {}, tolerance: {}, targets: TARGETS }),
    ].map((s) => s.value);
    expect(segmentFactNames(segments)).toEqual(["demandCv", "homeLine", "line", "segment"]);
  });
});

describe("membership columns", () => {
  const facts = ["demandCv", "line"];
  // Out of code-unit order, as a PostgreSQL collation may hand them over ("a" < "B" there).
  const w = membershipColumns({ from: "2026-01-01", to: "2026-03-31" }, facts, [
    member("b-2", [0.4, "core"], 10),
    member("B-1", [undefined, null]),
    member("a-9", [0.1, "edge"], 5),
  ]);

  it("keeps the SKUs in code-unit order, found by their ids", () => {
    expect(w.skus).toEqual(["B-1", "a-9", "b-2"]);
    expect(["B-1", "a-9", "b-2", "c", "A"].map((s) => memberIndex(w, s))).toEqual([
      0, 1, 2, -1, -1,
    ]);
  });

  it("gives each SKU its own facts, a missing one absent, and NaN where nothing was measured", () => {
    expect(memberFacts(w, memberIndex(w, "b-2"))).toEqual({ demandCv: 0.4, line: "core" });
    const none = memberFacts(w, memberIndex(w, "B-1"));
    expect(Object.hasOwn(none, "demandCv")).toBe(false);
    expect(none).toEqual({ line: null });
    expect([...w.revenue]).toEqual([NaN, 5, 10]);
  });

  it("refuses to assign segments whose rules read a fact the read did not keep", async () => {
    const segments = [
      segmentPolicy("by-pattern", {
        priority: 1,
        match: { all: [{ fact: "demandPattern", operator: "equal", value: "smooth" }] },
        assumptions: {},
        tolerance: {},
        targets: TARGETS,
      }),
    ];
    await expect(segmentPortfolio([], segments, { reference: w })).rejects.toThrow(
      /without the facts demandPattern, segment/,
    );
  });
});
