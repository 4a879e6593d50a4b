/**
 * Stable membership: a segment defined by what drifts keeps its SKUs for the tests of the window
 * in which they drift (assigned on the window before), and a segment-migration finding says
 * where they would go and why. On a simulated company (src/calibration) whose domestic SKUs'
 * weekly demand CV doubles on a known day.
 */
import { describe, expect, it } from "vitest";
import { CHANGE_DAY, START, evaluationAt } from "../../src/calibration/calibrate.js";
import { simulateCompany } from "../../src/calibration/simulate-company.js";
import { evaluate } from "../../src/evaluate/evaluate.js";
import { computeSku } from "../../src/metrics/sku-metrics.js";
import { dateOfDay, dayNumber } from "../../src/dates.js";
import { windowObservations } from "../../src/calibration/calibrate.js";
import type { PolicySet } from "../../src/types.js";
import { riskTolerance, segmentPolicy } from "../helpers/policies.js";

/** Steady SKUs are those with a weekly CV under 0.35; the rest are volatile. */
const POLICIES: PolicySet = {
  tolerance: riskTolerance(),
  segments: [
    segmentPolicy("steady", {
      priority: 2,
      match: { all: [{ fact: "demandCv", operator: "lessThan", value: 0.35 }] },
      assumptions: { demandCv: { max: 0.28 } },
      tolerance: {},
      targets: { fillRate: 0.9, reviewPeriodDays: 7, cover: { minWeeks: 0, maxWeeks: 52 } },
    }),
    segmentPolicy("volatile", {
      priority: 1,
      match: { all: [{ fact: "demandCv", operator: "greaterThanInclusive", value: 0.35 }] },
      assumptions: {},
      tolerance: {},
      targets: { fillRate: 0.9, reviewPeriodDays: 7, cover: { minWeeks: 0, maxWeeks: 52 } },
    }),
  ],
  checks: [],
  exceptions: [],
  tests: [],
};

const company = simulateCompany({
  seed: 5,
  days: CHANGE_DAY + 120,
  start: START,
  skus: { overseas: 0, domestic: 40, slow: 0 },
  episode: { from: CHANGE_DAY, demandShock: 0.45 },
});
const AT = CHANGE_DAY + 60;

describe("stable membership", () => {
  it("holds the drifting SKUs in their segment, flags the drift, and says where they would go", async () => {
    const { document } = await evaluationAt(company, AT, POLICIES);
    const steady = document.segments.find((s) => s.name === "steady");
    expect(steady?.skus).toBeGreaterThanOrEqual(38); // before the change nearly all are steady
    expect(document.membershipWindow).toEqual({
      from: dateOfDay(dayNumber(START) + AT - 179),
      to: dateOfDay(dayNumber(START) + AT - 90),
    });
    const ids = document.findings.map((f) => f.id);
    expect(ids).toContain("assumption-drift:segment/steady:demandCv");
    const migration = document.findings.find((f) => f.kind === "segment-migration");
    expect(migration?.subject).toBe("steady");
    expect(migration?.evidence.movedSkus).toBeGreaterThanOrEqual(8);
    expect(migration?.evidence.destinations?.[0]).toMatchObject({ to: "volatile" });
    expect(migration?.evidence.movedBy).toEqual([
      { fact: "demandCv", skus: migration?.evidence.movedSkus },
    ]);
    expect(migration?.message).toMatch(/to volatile; moved by demandCv/);
  });

  it("misses the drift when membership is decided on the window tested", async () => {
    const asOf = dayNumber(START) + AT;
    const window = { from: dateOfDay(asOf - 89), to: dateOfDay(asOf) };
    const skus = company.skus.map((s) =>
      computeSku(windowObservations(s, window), window, { overrideThreshold: 0.1 }),
    );
    const { document } = await evaluate(skus, POLICIES, window);
    const steady = document.segments.find((s) => s.name === "steady");
    // the SKUs that drifted left the segment, and what stayed does not drift
    expect(steady?.skus).toBeLessThan(32);
    expect(document.findings.map((f) => f.id)).not.toContain(
      "assumption-drift:segment/steady:demandCv",
    );
    expect(document.membershipWindow).toBeUndefined();
    expect(document.findings.some((f) => f.kind === "segment-migration")).toBe(false);
  });
});
