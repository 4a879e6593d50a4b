/** stockpolicy's library API, grouped by stage. */

// shared types and errors
export type * from "./types.js";
export { formatProblem, sortProblems, ProblemsError, RunError, UsageError } from "./errors.js";
export type { Problem, ProblemCode, RunFailure } from "./errors.js";
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

// evaluate: detectors and the evaluation
export { evaluate, detect } from "./evaluate/evaluate.js";
export type { EvaluationDocument, EvaluationResult } from "./evaluate/evaluate.js";
export { DETECTORS } from "./evaluate/detectors/index.js";
export type { Detector, EvaluationContext } from "./evaluate/detector.js";
export { segmentPortfolio } from "./evaluate/segment-portfolio.js";
export type {
  AssignedSku,
  SegmentResult,
  SegmentedPortfolio,
} from "./evaluate/segment-portfolio.js";

// findings
export { finding, findingId, sortFindings } from "./findings/finding.js";
export type { Evidence, Finding, FindingFields } from "./findings/finding.js";
export { FINDING_KINDS, FINDING_SCOPES, FINDING_STATUSES, actionFor } from "./findings/kinds.js";
export type { FindingKind, FindingScope, FindingStatus } from "./findings/kinds.js";

// store
export { openStore } from "./store/open-store.js";
export type { Store, StoreKind } from "./store/open-store.js";

// runners: the pipeline end to end, without the CLI (they return results and never print)
export { runEvaluation, withEvaluationSession } from "./run/run-evaluation.js";
export type { EvaluationRequest, EvaluationSession } from "./run/run-evaluation.js";
export { runCheck } from "./run/run-check.js";
export type { CheckRequest } from "./run/run-check.js";
export { runValidate } from "./run/run-validate.js";
export { runIngest } from "./run/run-ingest.js";
export type { IngestRequest } from "./run/run-ingest.js";
export { runExplain } from "./run/run-explain.js";
export { runDiff } from "./run/run-diff.js";
export { runReport } from "./run/run-report.js";
export { runSimulate } from "./run/run-simulate.js";

// renderers: one registry of formats a command; the keys are its --format choices
export type { Format, Formats, Rendered } from "./report/format.js";
export { EVALUATION_FORMATS } from "./report/render-evaluation.js";
export { CHECK_FORMATS } from "./report/render-check.js";
export type { CheckOutcome } from "./report/render-check.js";
export { VALIDATION_FORMATS } from "./report/render-validation.js";
export type { ValidationResult } from "./report/render-validation.js";
export { INGEST_FORMATS } from "./report/render-ingest.js";
export type { IngestOutcome } from "./report/render-ingest.js";
export { EXPLAIN_FORMATS } from "./report/render-explanation.js";
export type { Explanation } from "./report/render-explanation.js";
export { DIFF_FORMATS } from "./report/render-diff.js";
export { SIMULATION_FORMATS } from "./report/render-simulation.js";
export { renderGovernanceMarkdown } from "./report/render-governance-markdown.js";
export { renderGovernanceHtml } from "./report/render-governance-html.js";
export { escapeHtml, escapeMarkdown, escapeText } from "./report/escape.js";

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
