/**
 * Rules of PolicyTest documents that schemas cannot express: the segments and checks a case
 * names exist (and a check can fire on the case's scope), and its facts are facts rules know,
 * of the type rules compare them as. Each returns the problems it finds.
 */
import type { Problem, ProblemCode } from "../errors.js";
import type {
  CaseFacts,
  CheckPolicy,
  LoadedPolicy,
  PolicyTest,
  RiskTolerance,
  SegmentPolicy,
} from "../types.js";
import { suggestion } from "../vocabulary/did-you-mean.js";
import { NUMERIC_METRIC_NAMES, metricValues } from "../vocabulary/metric-catalog.js";
import { knownFacts, numberAttributes } from "./attributes.js";
import { locate } from "./locate.js";

type Test = LoadedPolicy<PolicyTest>;

/** What a segment case may expect besides a segment's name. */
export const UNASSIGNED = "unassigned";

const at = (doc: Test, pointer: string, code: ProblemCode, message: string): Problem => ({
  ...locate(doc.positions, pointer, doc.file),
  code,
  message,
});

/** A problem at a key (a fact's name) rather than at its value. */
const atKey = (doc: Test, pointer: string, code: ProblemCode, message: string): Problem => ({
  ...locate(doc.keyPositions, pointer, doc.file),
  code,
  message,
});

interface Known {
  segments: string[];
  checks: Map<string, CheckPolicy>;
  facts: string[];
  numbers: Set<string>;
}

/** Every fact of a case is one rules know, a number where rules compare numbers. */
function factProblems(doc: Test, pointer: string, facts: CaseFacts, known: Known): Problem[] {
  return Object.entries(facts).flatMap(([fact, value]): Problem[] => {
    const where = `${pointer}/${fact.replace(/~/g, "~0").replace(/\//g, "~1")}`;
    if (!known.facts.includes(fact))
      return [
        atKey(
          doc,
          where,
          "unknown-fact",
          `expected a metric, a skus.csv column or an attribute declared in the RiskTolerance, found ` +
            `${JSON.stringify(fact)}${suggestion(fact, known.facts)}`,
        ),
      ];
    if (known.numbers.has(fact) && value !== null && typeof value !== "number")
      return [
        at(
          doc,
          where,
          "wrong-type",
          `expected a number for ${fact}, found ${JSON.stringify(value)}`,
        ),
      ];
    const categories = metricValues(fact);
    if (categories && value !== null && !categories.includes(String(value)))
      return [
        at(
          doc,
          where,
          "invalid-value",
          `expected ${fact} to be ${categories.join(" or ")}, found ${JSON.stringify(value)}` +
            `${suggestion(String(value), categories)}`,
        ),
      ];
    return [];
  });
}

function segmentCaseProblems(doc: Test, known: Known): Problem[] {
  return (doc.value.segments ?? []).flatMap((c, i) => {
    const expected = [...known.segments, UNASSIGNED];
    return [
      ...factProblems(doc, `/segments/${i}/facts`, c.facts, known),
      ...(expected.includes(c.expect)
        ? []
        : [
            at(
              doc,
              `/segments/${i}/expect`,
              "invalid-value",
              `expected a segment (${known.segments.join(", ")}) or "${UNASSIGNED}", found ` +
                `${JSON.stringify(c.expect)}${suggestion(c.expect, expected)}`,
            ),
          ]),
    ];
  });
}

function checkCaseProblems(doc: Test, known: Known): Problem[] {
  const names = [...known.checks.keys()];
  return (doc.value.checks ?? []).flatMap((c, i) => {
    const scope = c.scope ?? "sku";
    const named = (list: "fires" | "doesNotFire"): Problem[] =>
      (c[list] ?? []).flatMap((name, j): Problem[] => {
        const check = known.checks.get(name);
        const pointer = `/checks/${i}/${list}/${j}`;
        if (!check)
          return [
            at(
              doc,
              pointer,
              "invalid-value",
              `expected a check (${names.join(", ")}), found ${JSON.stringify(name)}${suggestion(name, names)}`,
            ),
          ];
        if (check.scope !== scope)
          return [
            at(
              doc,
              pointer,
              "invalid-value",
              `expected a check of scope ${scope} (the case's facts), found ${name}, of scope ${check.scope}: ` +
                `give the case scope: ${check.scope}`,
            ),
          ];
        if (list === "doesNotFire" && (c.fires ?? []).includes(name))
          return [
            at(
              doc,
              pointer,
              "invalid-value",
              `expected ${name} in fires or in doesNotFire, found it in both`,
            ),
          ];
        return [];
      });
    return [
      ...factProblems(doc, `/checks/${i}/facts`, c.facts, known),
      ...named("fires"),
      ...named("doesNotFire"),
    ];
  });
}

/** Every problem of each test file against the policies it tests. */
export function testProblems(
  tests: readonly Test[],
  policies: {
    tolerance: RiskTolerance | undefined;
    segments: readonly LoadedPolicy<SegmentPolicy>[];
    checks: readonly LoadedPolicy<CheckPolicy>[];
  },
): Problem[] {
  const known: Known = {
    segments: policies.segments.map((s) => s.value.metadata.name),
    checks: new Map(policies.checks.map((c) => [c.value.metadata.name, c.value])),
    facts: knownFacts(policies.tolerance),
    numbers: new Set<string>([
      ...NUMERIC_METRIC_NAMES,
      "unit_cost",
      "lead_time_days",
      "unit_price",
      "moq",
      "case_pack",
      ...numberAttributes(policies.tolerance),
    ]),
  };
  return tests.flatMap((doc) => [
    ...segmentCaseProblems(doc, known),
    ...checkCaseProblems(doc, known),
  ]);
}
