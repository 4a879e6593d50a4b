/**
 * Rules that schemas cannot express, as a list of small functions over the whole policy set.
 * Each returns the problems it finds; none throws. They run on documents that passed their schema.
 */
import type { Problem, ProblemCode } from "../errors.js";
import { OPERATOR_DECORATORS, BASE_OPERATORS, parseOperator } from "../vocabulary/operators.js";
import type { Operand } from "../vocabulary/operators.js";
import { isMetricName, metricValues } from "../vocabulary/metric-catalog.js";
import type {
  Bounds,
  CheckPolicy,
  Condition,
  LoadedPolicy,
  MetricBounds,
  PolicyException,
  PolicyTest,
  RiskTolerance,
  SegmentPolicy,
} from "../types.js";
import { conditionLeaves } from "../vocabulary/conditions.js";
import { suggestion } from "../vocabulary/did-you-mean.js";
import { attributeNames, knownFacts, numberAttributes } from "./attributes.js";
import { locate } from "./locate.js";
import { canOverlap } from "./segment-overlap.js";
import { exceptionProblems } from "./exception-rules.js";
import { testProblems } from "./test-rules.js";

export interface RuleContext {
  tolerance: LoadedPolicy<RiskTolerance> | undefined;
  segments: readonly LoadedPolicy<SegmentPolicy>[];
  checks: readonly LoadedPolicy<CheckPolicy>[];
  exceptions?: readonly LoadedPolicy<PolicyException>[];
  tests?: readonly LoadedPolicy<PolicyTest>[];
  /** Today, YYYY-MM-DD, as given by the caller (never read from the clock here). */
  today: string;
}

export type SemanticRule = (ctx: RuleContext) => Problem[];

type AnyPolicy = LoadedPolicy<SegmentPolicy | RiskTolerance | CheckPolicy>;

const problemAt = (
  doc: AnyPolicy,
  pointer: string,
  code: ProblemCode,
  message: string,
): Problem => ({
  ...locate(doc.positions, pointer, doc.file),
  code,
  message,
});

const allDocs = (ctx: RuleContext): AnyPolicy[] => [
  ...(ctx.tolerance ? [ctx.tolerance] : []),
  ...ctx.segments,
  ...ctx.checks,
];

/** Every `{ min, max }` with min above max, and cover with minWeeks above maxWeeks. */
export const minNotAboveMax: SemanticRule = (ctx) => {
  const problems: Problem[] = [];
  const scan = (doc: AnyPolicy, group: string, bounds: MetricBounds | undefined): void => {
    for (const [metric, b] of Object.entries<Bounds>(bounds ?? {})) {
      if (b.min !== undefined && b.max !== undefined && b.min > b.max) {
        problems.push(
          problemAt(
            doc,
            `/${group}/${metric}/min`,
            "min-above-max",
            `expected ${group}.${metric}.min ≤ max (${b.max}), found min ${b.min}`,
          ),
        );
      }
    }
  };
  for (const s of ctx.segments) {
    scan(s, "assumptions", s.value.assumptions);
    scan(s, "tolerance", s.value.tolerance);
    const { minWeeks, maxWeeks } = s.value.targets.cover;
    if (minWeeks > maxWeeks) {
      problems.push(
        problemAt(
          s,
          "/targets/cover/minWeeks",
          "min-above-max",
          `expected targets.cover.minWeeks ≤ maxWeeks (${maxWeeks}), found ${minWeeks}`,
        ),
      );
    }
  }
  if (ctx.tolerance) scan(ctx.tolerance, "portfolio", ctx.tolerance.value.portfolio);
  return problems;
};

/** A segment's targets must sit inside the outcomes its own tolerance accepts. */
export const targetsInsideTolerance: SemanticRule = (ctx) => {
  const problems: Problem[] = [];
  for (const s of ctx.segments) {
    const { targets, tolerance = {} } = s.value;
    const fill = tolerance.fillRate;
    if (fill?.min !== undefined && targets.fillRate < fill.min) {
      problems.push(
        problemAt(
          s,
          "/targets/fillRate",
          "target-outside-tolerance",
          `expected targets.fillRate at or above the tolerated minimum ${fill.min}, found ${targets.fillRate}: ` +
            `the policy aims below what it accepts`,
        ),
      );
    }
    if (fill?.max !== undefined && targets.fillRate > fill.max) {
      problems.push(
        problemAt(
          s,
          "/targets/fillRate",
          "target-outside-tolerance",
          `expected targets.fillRate at or below the tolerated maximum ${fill.max}, found ${targets.fillRate}`,
        ),
      );
    }
    const cover = tolerance.coverWeeks;
    if (cover?.max !== undefined && targets.cover.maxWeeks > cover.max) {
      problems.push(
        problemAt(
          s,
          "/targets/cover/maxWeeks",
          "target-outside-tolerance",
          `expected targets.cover.maxWeeks at or below tolerance.coverWeeks.max ` +
            `${cover.max}, found ${targets.cover.maxWeeks}`,
        ),
      );
    }
    if (cover?.min !== undefined && targets.cover.minWeeks < cover.min) {
      problems.push(
        problemAt(
          s,
          "/targets/cover/minWeeks",
          "target-outside-tolerance",
          `expected targets.cover.minWeeks at or above tolerance.coverWeeks.min ` +
            `${cover.min}, found ${targets.cover.minWeeks}`,
        ),
      );
    }
  }
  return problems;
};

/** Facts, operators and operands in `match` and checks must be known and fit together. */
export const knownFactsAndOperators: SemanticRule = (ctx) => {
  const attributes = attributeNames(ctx.tolerance?.value);
  const numbers = numberAttributes(ctx.tolerance?.value);
  const facts = new Set<string>(knownFacts(ctx.tolerance?.value));
  const problems: Problem[] = [];
  const scan = (doc: AnyPolicy, condition: Condition | undefined, root: string): void => {
    if (!condition) return;
    for (const { leaf, pointer } of conditionLeaves(condition, root)) {
      const refs: [string, string][] = [[leaf.fact, `${pointer}/fact`]];
      const ref = factRef(leaf.value);
      if (ref !== undefined) refs.push([ref, `${pointer}/value/fact`]);
      for (const [fact, at] of refs) {
        if (!facts.has(fact)) {
          problems.push(
            problemAt(
              doc,
              at,
              "unknown-fact",
              `expected a metric, a skus.csv column or an attribute declared in tolerance.yaml, found ` +
                `"${fact}"${suggestion(fact, facts)}`,
            ),
          );
        }
      }
      const parsed = parseOperator(leaf.operator);
      if (!parsed) {
        const base = leaf.operator.split(":").pop() ?? leaf.operator;
        problems.push(
          problemAt(
            doc,
            `${pointer}/operator`,
            "unknown-operator",
            `expected an operator such as ${BASE_OPERATORS.slice(0, 6).join(", ")} ` +
              `(decorators: ${OPERATOR_DECORATORS.join(", ")}), ` +
              `found "${leaf.operator}"${suggestion(base, BASE_OPERATORS)}`,
          ),
        );
        continue;
      }
      if (ref !== undefined || parsed.decorators.some((d) => d !== "not")) continue;
      const typeProblem = attributeTypeProblem(leaf.fact, leaf.value, attributes, numbers);
      if (typeProblem) {
        problems.push(problemAt(doc, `${pointer}/value`, "bad-operand", typeProblem));
        continue;
      }
      const operandProblem = checkOperand(leaf.fact, parsed.operand, leaf.value);
      if (operandProblem) {
        const categories = metricValues(leaf.fact);
        const hint =
          typeof leaf.value === "string" && categories ? suggestion(leaf.value, categories) : "";
        problems.push(
          problemAt(
            doc,
            `${pointer}/value`,
            "bad-operand",
            `expected ${operandProblem} for ${leaf.operator} on ${leaf.fact}, ` +
              `found ${JSON.stringify(leaf.value)}${hint}`,
          ),
        );
      }
    }
  };
  for (const s of ctx.segments) scan(s, s.value.match, "/match");
  for (const c of ctx.checks) scan(c, c.value.conditions, "/conditions");
  return problems;
};

/**
 * A declared attribute compared with a value of the other type: a text attribute never equals
 * the number 0, and a number attribute never equals the text "0".
 */
function attributeTypeProblem(
  fact: string,
  value: unknown,
  attributes: readonly string[],
  numbers: ReadonlySet<string>,
): string | undefined {
  if (!attributes.includes(fact) || isMetricName(fact)) return undefined;
  const values = Array.isArray(value) ? (value as unknown[]) : [value];
  if (numbers.has(fact)) {
    if (values.every((v) => typeof v === "number")) return undefined;
    return `expected numbers for ${fact} (declared type: number in tolerance.yaml), found ${JSON.stringify(value)}`;
  }
  if (!values.some((v) => typeof v === "number")) return undefined;
  return (
    `expected text for ${fact} (an attribute is text unless tolerance.yaml declares ` +
    `{ name: ${fact}, type: number }), found ${JSON.stringify(value)}`
  );
}

function factRef(value: unknown): string | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  const fact = (value as { fact?: unknown }).fact;
  return typeof fact === "string" ? fact : undefined;
}

/** What the value should be, or undefined when it fits. */
function checkOperand(fact: string, operand: Operand, value: unknown): string | undefined {
  const categories = metricValues(fact);
  const numeric = isMetricName(fact) && !categories;
  const fits = (v: unknown): boolean =>
    categories
      ? typeof v === "string" && categories.includes(v)
      : numeric
        ? typeof v === "number"
        : true;
  const one = categories ? `one of ${categories.join(", ")}` : numeric ? "a number" : "a value";
  const many = categories
    ? `values among ${categories.join(", ")}`
    : numeric
      ? "numbers"
      : "values";
  switch (operand) {
    case "number":
      return typeof value === "number" && !categories ? undefined : "a number";
    case "list":
      return Array.isArray(value) && value.length > 0 && value.every(fits)
        ? undefined
        : `a non-empty list of ${many}`;
    case "range": {
      const ok =
        Array.isArray(value) &&
        value.length === 2 &&
        typeof value[0] === "number" &&
        typeof value[1] === "number" &&
        value[0] <= value[1];
      return ok ? undefined : "[low, high] with low ≤ high";
    }
    case "text":
      return typeof value === "string" ? undefined : "text";
    case "any":
      return fits(value) ? undefined : one;
  }
}

/** Segment, check and exception names are unique across files. */
export const uniqueNames: SemanticRule = (ctx) => {
  const problems: Problem[] = [];
  const groups = [ctx.segments, ctx.checks, ctx.exceptions ?? [], ctx.tests ?? []];
  for (const group of groups as readonly (readonly AnyPolicy[])[]) {
    const first = new Map<string, AnyPolicy>();
    for (const doc of group) {
      const name = doc.value.metadata.name;
      const seen = first.get(name);
      if (seen) {
        const at = locate(seen.positions, "/metadata/name", seen.file);
        problems.push(
          problemAt(
            doc,
            "/metadata/name",
            "duplicate-name",
            `expected a unique ${doc.value.kind} name, found "${name}" again (first in ${at.file}:${at.line})`,
          ),
        );
      } else first.set(name, doc);
    }
  }
  return problems;
};

/** A review date in the future is a typo or a promise, not a review. */
export const reviewNotInFuture: SemanticRule = (ctx) =>
  allDocs(ctx)
    .filter((d) => d.value.metadata.reviewedOn > ctx.today)
    .map((d) =>
      problemAt(
        d,
        "/metadata/reviewedOn",
        "future-review",
        `expected metadata.reviewedOn on or before today (${ctx.today}), found ${d.value.metadata.reviewedOn}`,
      ),
    );

/** Two segments of equal priority whose conditions can both hold make assignment ambiguous. */
export const noEqualPriorityOverlap: SemanticRule = (ctx) => {
  const problems: Problem[] = [];
  const withMatch = ctx.segments.filter((s) => s.value.match);
  withMatch.forEach((a, i) => {
    for (const b of withMatch.slice(i + 1)) {
      if (a.value.priority !== b.value.priority || a.value.metadata.name === b.value.metadata.name)
        continue;
      const both = canOverlap(a.value.match as Condition, b.value.match as Condition);
      if (both !== undefined) {
        problems.push(
          problemAt(
            b,
            "/priority",
            "overlapping-segments",
            `expected segments of equal priority (${b.value.priority}) to exclude each other, found that ` +
              `${b.value.metadata.name} and ${a.value.metadata.name} (${a.file}) both match where ${both}; ` +
              `give one a higher priority or separate their conditions`,
          ),
        );
      }
    }
  });
  return problems;
};

/** Rules that look at one document at a time: they also run on documents that failed their schema. */
/** Days in each month of a leap year: 02-29 is a day a build window may name. */
const MONTH_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** A seasonal build window's from and to must be days of the calendar (no 02-30, no 04-31). */
export const realBuildDays: SemanticRule = (ctx) =>
  ctx.segments.flatMap((s) =>
    (s.value.targets.seasonalBuild ?? []).flatMap((b, i) =>
      (["from", "to"] as const).flatMap((end) => {
        const [month, day] = b[end].split("-").map(Number) as [number, number];
        return day <= (MONTH_DAYS[month - 1] ?? 0)
          ? []
          : [
              problemAt(
                s,
                `/targets/seasonalBuild/${i}/${end}`,
                "invalid-date",
                `expected a day of the calendar as MM-DD, found "${b[end]}": month ${month} has ` +
                  `${MONTH_DAYS[month - 1] ?? 0} days at most`,
              ),
            ];
      }),
    ),
  );

export const DOCUMENT_RULES: readonly SemanticRule[] = [
  minNotAboveMax,
  targetsInsideTolerance,
  knownFactsAndOperators,
  reviewNotInFuture,
  realBuildDays,
];

/** Rules across files: they run on schema-valid documents only. */
export const SET_RULES: readonly SemanticRule[] = [uniqueNames, noEqualPriorityOverlap];

export const SEMANTIC_RULES: readonly SemanticRule[] = [...DOCUMENT_RULES, ...SET_RULES];

/**
 * Runs every rule over the valid documents, and the document rules over each invalid one, so
 * a run reports all it can at once. A rule that cannot make sense of an invalid document
 * (it throws) says nothing about it: its schema problems already do.
 */
export function checkSemantics(
  ctx: RuleContext,
  invalid: Pick<RuleContext, "segments" | "checks" | "tolerance" | "exceptions"> = {
    segments: [],
    checks: [],
    tolerance: undefined,
  },
): Problem[] {
  const problems = SEMANTIC_RULES.flatMap((rule) => rule(ctx));
  problems.push(
    ...exceptionProblems(
      [...(ctx.exceptions ?? []), ...(invalid.exceptions ?? [])],
      (ctx.tolerance ?? invalid.tolerance)?.value,
      ctx.today,
    ),
    ...testProblems(ctx.tests ?? [], { ...ctx, tolerance: ctx.tolerance?.value }),
  );
  const partial: RuleContext[] = [
    ...invalid.segments.map((s) => ({ ...ctx, segments: [s], checks: [] })),
    ...invalid.checks.map((c) => ({ ...ctx, segments: [], checks: [c] })),
    ...(invalid.tolerance
      ? [{ ...ctx, tolerance: invalid.tolerance, segments: [], checks: [] }]
      : []),
  ];
  for (const one of partial) {
    for (const rule of DOCUMENT_RULES) {
      try {
        problems.push(...rule(one));
      } catch {
        // malformed beyond what this rule can read
      }
    }
  }
  return problems;
}
