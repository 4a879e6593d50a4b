import { beforeAll, describe, expect, it } from "vitest";
import { compileSegmentAssigner } from "../../src/evaluate/assign-segment.js";
import type { SegmentAssigner } from "../../src/evaluate/assign-segment.js";
import { loadPolicies } from "../../src/policy/load-policies.js";
import type { SegmentPolicy } from "../../src/types.js";
import { ROOT } from "../helpers/cli.js";

let assigner: SegmentAssigner;

beforeAll(async () => {
  const { policies, problems } = await loadPolicies("policies", { cwd: ROOT, today: "2026-11-26" });
  expect(problems).toEqual([]);
  assigner = compileSegmentAssigner((policies?.segments ?? []).map((s) => s.value));
});

// SKU facts as the metrics stage will supply them, one per kind of SKU in the demo company.
const smoothDomestic = {
  sku: "K-100",
  demandPattern: "smooth",
  demandCv: 0.3,
  plannedLeadTimeDays: 14,
  line: "core",
};
const hero = {
  sku: "H-1",
  demandPattern: "erratic",
  demandCv: 0.9,
  plannedLeadTimeDays: 70,
  line: "hero",
};

describe("segment assignment with the demo policies", () => {
  it.each([
    {
      name: "smooth domestic SKU → steady-core",
      facts: smoothDomestic,
      segment: "steady-core",
      reason: "matched",
    },
    {
      name: "hero line on overseas lead time → seasonal-hero",
      facts: hero,
      segment: "seasonal-hero",
      reason: "matched",
    },
    {
      name: "erratic volatile SKU → trend",
      facts: {
        sku: "T-1",
        demandPattern: "erratic",
        demandCv: 0.8,
        plannedLeadTimeDays: 20,
        line: "core",
      },
      segment: "trend",
      reason: "matched",
    },
    {
      name: "intermittent SKU → long-tail",
      facts: {
        sku: "L-1",
        demandPattern: "intermittent",
        demandCv: 2.1,
        plannedLeadTimeDays: 20,
        line: "tail",
      },
      segment: "long-tail",
      reason: "matched",
    },
    {
      name: "pinned to clearance, whatever it matches",
      facts: { ...smoothDomestic, segment: "clearance" },
      segment: "clearance",
      reason: "pinned",
    },
    {
      name: "smooth but slow supplier: nothing matches",
      facts: { ...smoothDomestic, plannedLeadTimeDays: 60 },
      segment: undefined,
      reason: "unassigned",
    },
    {
      name: "missing metrics: nothing matches",
      facts: { sku: "N-1" },
      segment: undefined,
      reason: "unassigned",
    },
  ])("$name", async ({ facts, segment, reason }) => {
    const a = await assigner.assign(facts);
    expect(a.segment).toBe(segment);
    expect(a.reason).toBe(reason);
  });

  it("keeps every other segment that matched", async () => {
    // A hero whose demand also looks erratic matches trend as well, at lower priority.
    const a = await assigner.assign(hero);
    expect(a.matched.map((m) => m.name)).toEqual(["seasonal-hero", "trend"]);
    expect(a.ties).toEqual([]);
  });

  it("keeps what the SKU matched when it is pinned", async () => {
    const a = await assigner.assign({ ...smoothDomestic, segment: "clearance" });
    expect(a.matched.map((m) => m.name)).toEqual(["steady-core"]);
  });

  it("ignores, and says, a pin to a segment that does not exist", async () => {
    const a = await assigner.assign({ ...smoothDomestic, segment: "clearence" });
    expect(a.segment).toBe("steady-core");
    expect(a.unknownPin).toBe("clearence");
  });

  it("explains each leaf: the fact's value against the threshold", async () => {
    const a = await assigner.assign({ ...smoothDomestic, demandCv: 0.7 }, { leaves: true });
    const leaves = a.leaves["steady-core"] ?? [];
    // Leaves are the engine's, asked for: the compiled rules give the segment alone.
    const fast = await assigner.assign({ ...smoothDomestic, demandCv: 0.7 });
    expect(fast.segment).toBe(a.segment);
    expect(fast.leaves["steady-core"] ?? []).toEqual([]);
    expect(leaves).toContainEqual({
      fact: "demandCv",
      operator: "lessThanInclusive",
      value: 0.5,
      factValue: 0.7,
      result: false,
    });
    expect(leaves).toContainEqual({
      fact: "demandPattern",
      operator: "equal",
      value: "smooth",
      factValue: "smooth",
      result: true,
    });
  });
});

describe("segment assignment edge cases", () => {
  const segment = (
    name: string,
    priority: number,
    match?: SegmentPolicy["match"],
  ): SegmentPolicy => ({
    apiVersion: "stockpolicy/v1",
    kind: "SegmentPolicy",
    metadata: { name, version: 1, owner: "o", reviewedOn: "2026-01-01", reviewEveryDays: 90 },
    priority,
    ...(match ? { match } : {}),
    assumptions: {},
    targets: { fillRate: 0.9, reviewPeriodDays: 7, cover: { minWeeks: 1, maxWeeks: 4 } },
    tolerance: {},
  });

  it("reports ties at the top priority, picking by name so the result is stable", async () => {
    const cheap = { all: [{ fact: "unitCost", operator: "lessThan", value: 5 }] };
    const a = await compileSegmentAssigner([
      segment("b-seg", 10, cheap),
      segment("a-seg", 10, cheap),
      segment("low", 1, cheap),
    ]).assign({ unitCost: 2 });
    expect(a.segment).toBe("a-seg");
    expect(a.ties).toEqual(["b-seg"]);
    expect(a.matched.map((m) => m.name)).toEqual(["a-seg", "b-seg", "low"]);
  });

  it("uses stockpolicy's own operators", async () => {
    const band = {
      all: [
        { fact: "coverWeeks", operator: "between", value: [2, 6] },
        { fact: "sku", operator: "startsWith", value: "KB-" },
      ],
    };
    const assigner = compileSegmentAssigner([segment("band", 1, band)]);
    expect((await assigner.assign({ sku: "KB-1", coverWeeks: 4 })).segment).toBe("band");
    expect((await assigner.assign({ sku: "KB-1", coverWeeks: 7 })).segment).toBeUndefined();
    expect((await assigner.assign({ sku: "XX-1", coverWeeks: 4 })).segment).toBeUndefined();
  });
});
