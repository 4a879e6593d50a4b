/**
 * Policy files → a validated PolicySet, or every problem found in any of them. Pure: the
 * caller reads the files and supplies today's date.
 *
 * Order: YAML syntax and tags → apiVersion/kind → JSON Schema → semantic rules over the set.
 */
import type { Problem } from "../errors.js";
import { sortProblems } from "../errors.js";
import type {
  CheckPolicy,
  LoadedPolicy,
  PolicyException,
  PolicyKind,
  PolicyTest,
  PolicySet,
  RiskTolerance,
  SegmentPolicy,
} from "../types.js";
import { suggestion } from "../vocabulary/did-you-mean.js";
import { locate } from "./locate.js";
import { parseYaml } from "./parse-yaml.js";
import type { PolicyFile, PolicyLocation } from "./read-policy-files.js";
import { API_VERSION } from "./schemas.js";
import type { SchemaName } from "./schemas.js";
import { checkSemantics } from "./semantic-rules.js";
import { validateSchema } from "./validate-schema.js";

const KIND_OF: Record<PolicyLocation, PolicyKind> = {
  tolerance: "RiskTolerance",
  segments: "SegmentPolicy",
  checks: "Check",
  exceptions: "PolicyException",
  tests: "PolicyTest",
};
const SCHEMA_OF: Record<PolicyKind, SchemaName> = {
  RiskTolerance: "risk-tolerance",
  SegmentPolicy: "segment-policy",
  Check: "check",
  PolicyException: "policy-exception",
  PolicyTest: "policy-test",
};
const KINDS = Object.keys(SCHEMA_OF);

export interface PolicyValidation {
  /** Present only when there are no problems. */
  policies?: PolicySet;
  problems: Problem[];
}

/** apiVersion and kind, in words that fit them better than the schema's. */
function checkHeader(
  record: Record<string, unknown>,
  expected: PolicyKind,
  location: PolicyFile["location"],
  at: (pointer: string) => ReturnType<typeof locate>,
): Problem[] {
  const problems: Problem[] = [];
  if (record.apiVersion !== undefined && record.apiVersion !== API_VERSION) {
    problems.push({
      ...at("/apiVersion"),
      code: "api-version",
      message: `expected apiVersion ${API_VERSION}, found ${JSON.stringify(record.apiVersion)}`,
    });
  }
  const kind =
    typeof record.kind === "string"
      ? record.kind
      : record.kind === undefined
        ? undefined
        : JSON.stringify(record.kind);
  if (kind !== undefined && !KINDS.includes(kind)) {
    problems.push({
      ...at("/kind"),
      code: "unknown-kind",
      message: `expected kind ${expected}, found ${JSON.stringify(kind)}${suggestion(kind, KINDS)}`,
    });
  } else if (kind === "RiskTolerance" && expected !== "RiskTolerance") {
    problems.push({
      ...at("/kind"),
      code: "risk-tolerance-count",
      message: `expected exactly one RiskTolerance, in tolerance.yaml, found another one here`,
    });
  } else if (kind !== undefined && kind !== expected) {
    problems.push({
      ...at("/kind"),
      code: "misplaced-kind",
      message:
        `expected kind ${expected} for a file in ${location === "tolerance" ? "tolerance.yaml" : `${location}/`}, ` +
        `found ${kind}`,
    });
  }
  return problems;
}

/** Exactly one tolerance.yaml: none, or more than one, is a problem. */
function toleranceCount(files: readonly PolicyFile[], dir: string | undefined): Problem[] {
  const problems: Problem[] = [];
  const toleranceFiles = files.filter((f) => f.location === "tolerance");
  if (toleranceFiles.length === 0) {
    const where = dir ? `${dir.replace(/\/$/, "")}/tolerance.yaml` : "tolerance.yaml";
    problems.push({
      file: where,
      line: 1,
      column: 1,
      code: "risk-tolerance-count",
      message: "expected exactly one RiskTolerance in tolerance.yaml, found none",
    });
  } else if (toleranceFiles.length > 1) {
    for (const extra of toleranceFiles.slice(1)) {
      problems.push({
        file: extra.file,
        line: 1,
        column: 1,
        code: "risk-tolerance-count",
        message: `expected exactly one RiskTolerance, found ${toleranceFiles.map((f) => f.file).join(" and ")}`,
      });
    }
  }

  return problems;
}

/** @example validatePolicies(files, { today: "2026-11-26" }).problems // [] for good policies */
export function validatePolicies(
  files: readonly PolicyFile[],
  options: { today: string; dir?: string },
): PolicyValidation {
  const problems: Problem[] = [];
  const tolerances: LoadedPolicy<RiskTolerance>[] = [];
  const segments: LoadedPolicy<SegmentPolicy>[] = [];
  const checks: LoadedPolicy<CheckPolicy>[] = [];
  const exceptions: LoadedPolicy<PolicyException>[] = [];
  const tests: LoadedPolicy<PolicyTest>[] = [];
  // Documents that failed their schema but are mappings: the per-document rules still read them.
  const invalid = {
    segments: [] as LoadedPolicy<SegmentPolicy>[],
    checks: [] as LoadedPolicy<CheckPolicy>[],
    exceptions: [] as LoadedPolicy<PolicyException>[],
    tolerance: undefined as LoadedPolicy<RiskTolerance> | undefined,
  };

  for (const f of files) {
    const parsed = parseYaml(f.file, f.text);
    problems.push(...parsed.problems);
    if (parsed.problems.length > 0) continue;
    const doc = { file: f.file, positions: parsed.positions, keyPositions: parsed.keyPositions };
    const at = (pointer: string): ReturnType<typeof locate> =>
      locate(doc.positions, pointer, f.file);
    const data = parsed.data;
    if (typeof data !== "object" || data === null || Array.isArray(data)) {
      problems.push({
        ...at(""),
        code: "wrong-type",
        message:
          `expected a mapping with apiVersion, kind and metadata, found ` +
          `${Array.isArray(data) ? "a list" : JSON.stringify(data)}`,
      });
      continue;
    }
    const record = data as Record<string, unknown>;
    const expected = KIND_OF[f.location];
    const headerProblems = checkHeader(record, expected, f.location, at);
    // Wrong values of apiVersion and kind are reported above, in words that fit them better.
    const schemaProblems = validateSchema(SCHEMA_OF[expected], data, doc, ["/apiVersion", "/kind"]);
    const fileProblems = [...headerProblems, ...schemaProblems];
    problems.push(...fileProblems);
    const valid = fileProblems.length === 0;
    if (expected === "RiskTolerance") {
      if (valid) tolerances.push({ ...doc, value: data as RiskTolerance });
      else invalid.tolerance ??= { ...doc, value: data as RiskTolerance };
    } else if (expected === "SegmentPolicy")
      (valid ? segments : invalid.segments).push({ ...doc, value: data as SegmentPolicy });
    else if (expected === "Check")
      (valid ? checks : invalid.checks).push({ ...doc, value: data as CheckPolicy });
    else if (expected === "PolicyException")
      (valid ? exceptions : invalid.exceptions).push({ ...doc, value: data as PolicyException });
    else if (valid) tests.push({ ...doc, value: data as PolicyTest });
  }

  problems.push(...toleranceCount(files, options.dir));

  problems.push(
    ...checkSemantics(
      { tolerance: tolerances[0], segments, checks, exceptions, tests, today: options.today },
      invalid,
    ),
  );
  const sorted = sortProblems(problems);
  const tolerance = tolerances[0];
  if (sorted.length > 0 || !tolerance) return { problems: sorted };
  return { policies: { tolerance, segments, checks, exceptions, tests }, problems: [] };
}
