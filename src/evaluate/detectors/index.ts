/**
 * Every detector, in the order their findings are gathered (where two raise the same id, the
 * later one's finding is kept). A new kind of finding: one file in this folder, one line here.
 */
import type { Detector } from "../detector.js";
import { ambiguousSegmentDetector } from "./ambiguous-segment.js";
import { asymmetryDetector } from "./asymmetry.js";
import { boundsDetector } from "./bounds.js";
import { checkDetector } from "./check.js";
import { firefightingDetector } from "./firefighting.js";
import { inconsistencyDetector } from "./inconsistency.js";
import { policyToleranceConflictDetector } from "./policy-tolerance-conflict.js";
import { projectedStockoutDetector } from "./projected-stockout.js";
import { supplierConcentrationDetector } from "./supplier-concentration.js";
import { reactiveCutDetector } from "./reactive-cut.js";
import { routineOverrideSkuDetector } from "./routine-override-sku.js";
import { routineOverrideDetector } from "./routine-override.js";
import { segmentMigrationDetector } from "./segment-migration.js";
import { segmentMismatchDetector } from "./segment-mismatch.js";
import { staleReviewDetector } from "./stale-review.js";
import { unassignedSkuDetector } from "./unassigned-sku.js";
import { unmeasuredServiceDetector } from "./unmeasured-service.js";

export const DETECTORS: readonly Detector[] = [
  boundsDetector,
  staleReviewDetector,
  unassignedSkuDetector,
  unmeasuredServiceDetector,
  ambiguousSegmentDetector,
  routineOverrideDetector,
  routineOverrideSkuDetector,
  checkDetector,
  firefightingDetector,
  asymmetryDetector,
  reactiveCutDetector,
  segmentMismatchDetector,
  segmentMigrationDetector,
  inconsistencyDetector,
  policyToleranceConflictDetector,
  projectedStockoutDetector,
  supplierConcentrationDetector,
];
