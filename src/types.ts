/** Domain types shared by every stage. A leaf module: it imports nothing at run time. */
import type { MetricName } from "./vocabulary/metric-catalog.js";
import type { TopLevelCondition } from "./vocabulary/conditions.js";

export type { Condition, LeafCondition, TopLevelCondition } from "./vocabulary/conditions.js";

export type Severity = "error" | "warning" | "info";

/** A 1-based position in a source file. */
export interface SourcePosition {
  file: string;
  line: number;
  column: number;
}

export interface Bounds {
  min?: number;
  max?: number;
}

export type MetricBounds = Partial<Record<MetricName, Bounds>>;

export interface PolicyMetadata {
  name: string;
  version: number;
  owner: string;
  reviewedOn: string;
  reviewEveryDays: number;
  rationale?: string;
}

/**
 * What the order-up-to level is sized on: the window's mean demand a day (`trailing`, the
 * default), the forecast over the protection interval (`forecast`), or the same weeks of the
 * previous year (`last-year`).
 */
export type DemandBasis = "trailing" | "forecast" | "last-year";

/**
 * A window of the calendar (MM-DD to MM-DD, wrapping the year end when `to` < `from`) in which
 * stock is built ahead of a peak.
 */
export interface SeasonalBuild {
  from: string;
  to: string;
  /** The inventory position covers the lead time and this many weeks of forward demand. */
  coverWeeks: number;
}

export interface SegmentTargets {
  fillRate: number;
  reviewPeriodDays: number;
  cover: { minWeeks: number; maxWeeks: number };
  /** false for segments that are run down (clearance): no new orders are expected. */
  replenish?: boolean;
  demandBasis?: DemandBasis;
  seasonalBuild?: SeasonalBuild[];
}

export interface SegmentPolicy {
  apiVersion: "stockpolicy/v1";
  kind: "SegmentPolicy";
  metadata: PolicyMetadata;
  match?: TopLevelCondition;
  priority: number;
  assumptions?: MetricBounds;
  targets: SegmentTargets;
  tolerance?: MetricBounds;
}

export interface RiskTolerance {
  apiVersion: "stockpolicy/v1";
  kind: "RiskTolerance";
  metadata: PolicyMetadata;
  currency: string;
  portfolio: MetricBounds;
  overrides: { threshold: number; routine: { rate: number; streak: number } };
  /** What a unit of stock costs to hold: the reference for economic service levels. */
  economics?: { holdingCostRate?: number };
  /** How much of the portfolio one supplier may carry. */
  suppliers?: { capitalShare?: Bounds };
  /** Extra skus.csv columns that rules may use as facts: a name (text), or a name and its type. */
  attributes?: (string | { name: string; type: "text" | "number" })[];
  /** How long an exception may last, and when waiving has become routine. */
  exceptions?: ExceptionLimits;
}

export type CheckScope = "sku" | "segment" | "portfolio";

export interface ExceptionLimits {
  /** Most days from approvedOn to expires. */
  maxDays?: number;
  routine?: {
    /** A segment with at least this share of its findings waived waives routinely. */
    waivedShare?: number;
    /** One owner holding at least this share of the live exceptions holds too many. */
    ownerShare?: number;
  };
}

export interface CheckPolicy {
  apiVersion: "stockpolicy/v1";
  kind: "Check";
  metadata: PolicyMetadata;
  scope: CheckScope;
  severity: Severity;
  conditions: TopLevelCondition;
  message: string;
}

/** What an exception covers: every field given must match a finding for it to be waived. */
export interface ExceptionCovers {
  /** A finding id (kind:scope/subject[:key]), matched exactly. */
  finding?: string;
  kind?: string;
  scope?: string;
  subject?: string;
  metric?: string;
}

export interface ExceptionMetadata {
  name: string;
  version: number;
  owner: string;
  approvedBy: string;
  approvedOn: string;
  /** The day the findings were first waived, when the exception has been renewed since. */
  since?: string;
  reason: string;
}

/**
 * A governed exception (policies/exceptions/): the findings it covers are reported `waived`
 * until `expires`, and, with `within`, only while the covered finding's value stays in bounds.
 */
export interface PolicyException {
  apiVersion: "stockpolicy/v1";
  kind: "PolicyException";
  metadata: ExceptionMetadata;
  covers: ExceptionCovers;
  /** The last day (YYYY-MM-DD) the exception waives anything. */
  expires: string;
  within?: Bounds;
}

/** Findings a scenario expects (or must not see): every field given must match one. */
export interface FindingPattern {
  kind: string;
  scope?: string;
  subject?: string;
  metric?: string;
  severity?: Severity;
  /** Whether an exception waives it. */
  waived?: boolean;
}

/** Facts of a SKU (or a segment, the portfolio): metric values and skus.csv columns or attributes. */
export type CaseFacts = Readonly<Record<string, string | number | boolean | null>>;

export interface SegmentCase {
  name: string;
  facts: CaseFacts;
  /** The segment the facts must land in, or "unassigned". */
  expect: string;
}

export interface CheckCase {
  name: string;
  /** What the facts describe (default sku): checks of other scopes are not run on them. */
  scope?: CheckScope;
  facts: CaseFacts;
  fires?: string[];
  doesNotFire?: string[];
}

export interface ScenarioCase {
  name: string;
  /** A data folder (CONTRACT §1), relative to the test file. */
  data: string;
  /** The window evaluated, ending on the data's last day (default 90d). */
  window?: string;
  expect?: FindingPattern[];
  absent?: FindingPattern[];
}

/** Unit tests of the policies (policies/tests/): cases of segments, checks and scenarios. */
export interface PolicyTest {
  apiVersion: "stockpolicy/v1";
  kind: "PolicyTest";
  metadata: { name: string; owner: string; description?: string };
  segments?: SegmentCase[];
  checks?: CheckCase[];
  scenarios?: ScenarioCase[];
}

export type PolicyKind =
  "SegmentPolicy" | "RiskTolerance" | "Check" | "PolicyException" | "PolicyTest";

/** A policy document with where it came from, so any value can be traced to its line. */
export interface LoadedPolicy<T> {
  /** Path as given to the tool (relative to the working directory where possible). */
  file: string;
  value: T;
  /** JSON pointer ("/assumptions/demandCv/max") → position of the value. */
  positions: Readonly<Record<string, SourcePosition>>;
  /** JSON pointer → position of the key that introduces the value. */
  keyPositions: Readonly<Record<string, SourcePosition>>;
}

export interface PolicySet {
  tolerance: LoadedPolicy<RiskTolerance>;
  segments: LoadedPolicy<SegmentPolicy>[];
  checks: LoadedPolicy<CheckPolicy>[];
  exceptions: LoadedPolicy<PolicyException>[];
  /** Unit tests of the policies: `stockpolicy test` runs them; evaluations ignore them. */
  tests: LoadedPolicy<PolicyTest>[];
}
