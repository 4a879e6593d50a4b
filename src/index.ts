/** stockpolicy's library API, grouped by stage. */

// shared types and errors
export type * from "./types.js";
export { formatProblem, sortProblems, ProblemsError, UsageError } from "./errors.js";
export type { Problem, ProblemCode } from "./errors.js";
export { isIsoDate, parseWindow, windowStart } from "./dates.js";
export type { Window } from "./dates.js";

// metrics catalog
export {
  METRICS,
  METRIC_NAMES,
  NUMERIC_METRIC_NAMES,
  isMetricName,
} from "./vocabulary/metric-catalog.js";
export type { MetricName, MetricInfo, MetricRange } from "./vocabulary/metric-catalog.js";

// policy: read → parse → validate
export { loadPolicies } from "./policy/load-policies.js";
export { readPolicyFiles } from "./policy/read-policy-files.js";
export type { PolicyFile, PolicyLocation } from "./policy/read-policy-files.js";
export { validatePolicies } from "./policy/validate-policies.js";
export type { PolicyValidation } from "./policy/validate-policies.js";
export { parseYaml } from "./policy/parse-yaml.js";
export { API_VERSION } from "./policy/schemas.js";
export { SCHEMAS } from "./evaluate/evaluation-schema.js";
export type { SchemaName } from "./policy/schemas.js";
export { checkSchemas } from "./policy/validate-schema.js";
export { SEMANTIC_RULES, checkSemantics } from "./policy/semantic-rules.js";
export type { RuleContext, SemanticRule } from "./policy/semantic-rules.js";
export { canOverlap } from "./policy/segment-overlap.js";
export { policySummary } from "./policy/policy-summary.js";
export type { PolicySummary } from "./policy/policy-summary.js";

// evaluate: rules
export { compileSegmentAssigner } from "./evaluate/assign-segment.js";
export type {
  SegmentAssigner,
  SegmentAssignment,
  SegmentMatch,
} from "./evaluate/assign-segment.js";
export { compileRules } from "./evaluate/engine.js";
export type { CompiledRules, Facts, LeafResult, RuleOutcome } from "./evaluate/engine.js";
export {
  CUSTOM_OPERATORS,
  ENGINE_OPERATORS,
  OPERATOR_DECORATORS,
  parseOperator,
} from "./vocabulary/operators.js";

// findings
export { FINDING_KINDS, FINDING_SCOPES, FINDING_STATUSES } from "./findings/kinds.js";
export type { FindingKind, FindingScope, FindingStatus } from "./findings/kinds.js";

// cli
export { main } from "./cli/main.js";

// inventory model
export { zForServiceLevel, standardNormalLoss, safetyFactorForFillRate } from "./model/normal.js";
export { safetyStock } from "./model/safety-stock.js";
export { classifyDemand, ADI_CUTOFF, CV2_CUTOFF } from "./model/classify-demand.js";
export type { DemandClass, DemandPattern } from "./model/classify-demand.js";
export { orderUpToPlan } from "./model/order-up-to.js";
export type { DemandAndSupply, OrderUpToPlan, OrderUpToTargets } from "./model/order-up-to.js";
export { replayOrderUpTo } from "./model/replay-order-up-to.js";
export type { ReplayInput, ReplayResult } from "./model/replay-order-up-to.js";
