import type {
  LoadedPolicy,
  RiskTolerance,
  SegmentPolicy,
  SourcePosition,
} from "../../src/types.js";

type Positions = Record<string, SourcePosition>;

const metadata = (name: string) => ({
  name,
  version: 1,
  owner: `${name}@example.com`,
  reviewedOn: "2026-09-01",
  reviewEveryDays: 90,
});

/** A loaded segment policy for stage tests: defaults a test overrides field by field. */
export function segmentPolicy(
  name: string,
  value: Partial<SegmentPolicy> = {},
  positions: Positions = {},
): LoadedPolicy<SegmentPolicy> {
  return {
    file: `policies/segments/${name}.yaml`,
    positions,
    keyPositions: {},
    value: {
      apiVersion: "stockpolicy/v1",
      kind: "SegmentPolicy",
      metadata: metadata(name),
      priority: 1,
      targets: { fillRate: 0.9, reviewPeriodDays: 7, cover: { minWeeks: 1, maxWeeks: 2 } },
      ...value,
    },
  };
}

/** A loaded risk tolerance for stage tests (owner cfo@example.com, routine rate 30%). */
export function riskTolerance(
  value: Partial<RiskTolerance> = {},
  positions: Positions = {},
): LoadedPolicy<RiskTolerance> {
  return {
    file: "policies/tolerance.yaml",
    positions,
    keyPositions: {},
    value: {
      apiVersion: "stockpolicy/v1",
      kind: "RiskTolerance",
      metadata: { ...metadata("co"), owner: "cfo@example.com" },
      currency: "USD",
      portfolio: {},
      overrides: { threshold: 0.1, routine: { rate: 0.3, streak: 3 } },
      ...value,
    },
  };
}
