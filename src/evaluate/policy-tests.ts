/**
 * The cases of PolicyTest files (policies/tests/), judged against the policies: a segment case
 * assigns its facts as an evaluation would; a check case runs the checks of its scope on its
 * facts (a SKU's `segment` the one its facts are assigned to); a scenario case compares the
 * findings of its evaluation with the patterns it expects and forbids. Pure, but for the
 * engine's promises.
 */
import type { Finding } from "../findings/finding.js";
import type {
  FindingPattern,
  LoadedPolicy,
  PolicySet,
  PolicyTest,
  SourcePosition,
} from "../types.js";
import { sourceOf } from "../policy/source-of.js";
import { UNASSIGNED } from "../policy/test-rules.js";
import { compileSegmentAssigner } from "./assign-segment.js";
import { compileRules } from "./engine.js";

export type CaseType = "segment" | "check" | "scenario";

export interface CaseResult {
  /** The test file's metadata.name, and the case's own name. */
  test: string;
  case: string;
  type: CaseType;
  /** Where the case starts. */
  source: SourcePosition;
  /** What was expected and what was found, one line each; empty when the case passed. */
  failures: string[];
}

/** What `stockpolicy test` found: every case's result, and what no case covers. */
export interface PolicyTestReport {
  /** The test files run, as shown. */
  files: string[];
  cases: CaseResult[];
  /** Segments and checks that no case names. */
  uncovered: { segments: string[]; checks: string[] };
  summary: { cases: number; passed: number; failed: number };
}

type Test = LoadedPolicy<PolicyTest>;

const result = (
  test: Test,
  type: CaseType,
  pointer: string,
  name: string,
  failures: string[],
): CaseResult => ({
  test: test.value.metadata.name,
  case: name,
  type,
  source: sourceOf(test, pointer),
  failures,
});

/** Each segment case: its facts land in the segment it expects, or in none for "unassigned". */
export async function runSegmentCases(test: Test, policies: PolicySet): Promise<CaseResult[]> {
  const assigner = compileSegmentAssigner(policies.segments.map((s) => s.value));
  const out: CaseResult[] = [];
  for (const [i, c] of (test.value.segments ?? []).entries()) {
    const found = (await assigner.assign(c.facts)).segment ?? UNASSIGNED;
    out.push(
      result(
        test,
        "segment",
        `/segments/${i}`,
        c.name,
        found === c.expect ? [] : [`expected segment ${c.expect}, found ${found}`],
      ),
    );
  }
  return out;
}

/** Each check case: the checks it names fire, or do not, on its facts. */
export async function runCheckCases(test: Test, policies: PolicySet): Promise<CaseResult[]> {
  const assigner = compileSegmentAssigner(policies.segments.map((s) => s.value));
  const out: CaseResult[] = [];
  for (const [i, c] of (test.value.checks ?? []).entries()) {
    const scope = c.scope ?? "sku";
    const facts =
      scope === "sku" ? { ...c.facts, segment: (await assigner.assign(c.facts)).segment } : c.facts;
    const failures: string[] = [];
    for (const [list, want] of [
      [c.fires ?? [], true],
      [c.doesNotFire ?? [], false],
    ] as const) {
      for (const name of list) {
        const check = policies.checks.find((p) => p.value.metadata.name === name);
        if (!check) continue; // validation reports it
        const rules = compileRules([{ name, conditions: check.value.conditions }]);
        const fired = (await rules.holds(facts))[0] === true;
        if (fired !== want)
          failures.push(
            `expected ${name} ${want ? "to fire" : "not to fire"}, found it ${fired ? "fired" : "did not fire"}`,
          );
      }
    }
    out.push(result(test, "check", `/checks/${i}`, c.name, failures));
  }
  return out;
}

/** Whether a finding matches every field the pattern gives. */
export function matches(p: FindingPattern, f: Finding): boolean {
  return (
    p.kind === f.kind &&
    (p.scope === undefined || p.scope === f.scope) &&
    (p.subject === undefined || p.subject === f.subject) &&
    (p.metric === undefined || p.metric === f.metric) &&
    (p.severity === undefined || p.severity === f.severity) &&
    (p.waived === undefined || p.waived === (f.waived !== undefined))
  );
}

const patternText = (p: FindingPattern): string =>
  [
    p.severity ?? "",
    p.kind,
    p.scope || p.subject ? `${p.scope ?? "*"}/${p.subject ?? "*"}` : "",
    p.metric ? `(${p.metric})` : "",
    p.waived === undefined ? "" : p.waived ? "waived" : "not waived",
  ]
    .filter(Boolean)
    .join(" ");

/** A finding as a failure names it: severity, id, and the exception waiving it. */
const foundText = (f: Finding): string =>
  `${f.severity} ${f.id}${f.waived ? ` (waived by ${f.waived.exception})` : ""}`;

/** A scenario case against the findings of its evaluation (open ones). */
export function judgeScenario(test: Test, index: number, findings: readonly Finding[]): CaseResult {
  const c = test.value.scenarios?.[index];
  if (!c) throw new Error(`no scenario ${index} in ${test.file}`);
  const open = findings.filter((f) => f.status !== "resolved");
  const failures = [
    ...(c.expect ?? [])
      .filter((p) => !open.some((f) => matches(p, f)))
      .map((p) => {
        const near = open.filter((f) => f.kind === p.kind).map(foundText);
        const found = near.length ? `only ${near.slice(0, 5).join(", ")}` : `no ${p.kind} finding`;
        return `expected a finding ${patternText(p)}, found ${found}`;
      }),
    ...(c.absent ?? []).flatMap((p) =>
      open
        .filter((f) => matches(p, f))
        .map((f) => `expected no finding ${patternText(p)}, found ${foundText(f)}`),
    ),
  ];
  return result(test, "scenario", `/scenarios/${index}`, c.name, failures);
}

/** The segments and checks no case names (a segment case's expect, a check case's lists). */
export function uncovered(policies: PolicySet): { segments: string[]; checks: string[] } {
  const segments = new Set<string>();
  const checks = new Set<string>();
  for (const t of policies.tests) {
    for (const c of t.value.segments ?? []) segments.add(c.expect);
    for (const c of t.value.checks ?? [])
      for (const n of [...(c.fires ?? []), ...(c.doesNotFire ?? [])]) checks.add(n);
    for (const c of t.value.scenarios ?? [])
      for (const p of [...(c.expect ?? []), ...(c.absent ?? [])])
        if (p.subject && p.scope === "segment") segments.add(p.subject);
  }
  return {
    segments: policies.segments.map((s) => s.value.metadata.name).filter((n) => !segments.has(n)),
    checks: policies.checks.map((c) => c.value.metadata.name).filter((n) => !checks.has(n)),
  };
}
