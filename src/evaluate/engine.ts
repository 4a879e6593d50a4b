/**
 * The one home of json-rules-engine: engines are made here, with stockpolicy's operators
 * registered, and rule results are turned into plain data before they leave this module.
 */
import { Engine } from "json-rules-engine";
import type { RuleProperties, TopLevelConditionResult } from "json-rules-engine";
import type { TopLevelCondition } from "../types.js";
import { CUSTOM_OPERATORS } from "../vocabulary/operators.js";

/** Facts of one subject (a SKU, a segment, the portfolio): name → value. */
export type Facts = Readonly<Record<string, unknown>>;

/** One leaf of a rule as evaluated: the fact's value against the threshold. */
export interface LeafResult {
  fact: string;
  operator: string;
  /** The threshold or value compared with. */
  value: unknown;
  /** The fact's value; undefined when not known. */
  factValue: unknown;
  /** undefined: not evaluated (the engine stopped early), which is not the same as false. */
  result: boolean | undefined;
}

export interface RuleOutcome {
  name: string;
  holds: boolean;
  leaves: LeafResult[];
}

export interface CompiledRules {
  /** Evaluates every rule against the facts. */
  run(facts: Facts): Promise<RuleOutcome[]>;
}

/**
 * @example const rules = compileRules([{ name: "steady-core", conditions: { all: [...] } }]);
 *          (await rules.run({ demandCv: 0.3 }))[0].holds
 */
export function compileRules(
  rules: readonly { name: string; conditions: TopLevelCondition }[],
): CompiledRules {
  const engine = new Engine([], { allowUndefinedFacts: true });
  for (const [name, op] of Object.entries(CUSTOM_OPERATORS))
    engine.addOperator(name, (fact: unknown, value: unknown) => op.test(fact, value));
  for (const rule of rules) {
    const props: RuleProperties = {
      name: rule.name,
      conditions: rule.conditions,
      event: { type: rule.name },
    };
    engine.addRule(props);
  }
  return {
    async run(facts) {
      // Unknown facts stay absent, so comparisons with them are false rather than errors.
      const defined = Object.fromEntries(
        Object.entries(facts).filter(([, v]) => v !== undefined && v !== null),
      );
      const { results, failureResults } = await engine.run(defined);
      const outcome =
        (holds: boolean) =>
        (r: { name: string; conditions: TopLevelConditionResult }): RuleOutcome => ({
          name: r.name,
          holds,
          leaves: collectLeaves(r.conditions),
        });
      const byName = new Map(rules.map((r, i) => [r.name, i]));
      return [...results.map(outcome(true)), ...failureResults.map(outcome(false))].sort(
        (a, b) => (byName.get(a.name) ?? 0) - (byName.get(b.name) ?? 0),
      );
    },
  };
}

function collectLeaves(node: unknown): LeafResult[] {
  if (!node || typeof node !== "object") return [];
  const n = node as Record<string, unknown>;
  for (const key of ["all", "any"] as const) {
    if (Array.isArray(n[key])) return (n[key] as unknown[]).flatMap(collectLeaves);
  }
  if (n.not) return collectLeaves(n.not);
  if (typeof n.fact !== "string") return [];
  return [
    {
      fact: n.fact,
      operator: String(n.operator),
      value: n.value,
      factValue: n.factResult,
      result: typeof n.result === "boolean" ? n.result : undefined,
    },
  ];
}
