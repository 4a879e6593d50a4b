/**
 * The one home of json-rules-engine: engines are made here, with stockpolicy's operators
 * registered, and rule results are turned into plain data before they leave this module.
 */
import { Engine } from "json-rules-engine";
import type { RuleProperties, TopLevelConditionResult } from "json-rules-engine";
import type { TopLevelCondition } from "../types.js";
import { CUSTOM_OPERATORS } from "../vocabulary/operators.js";
import { compileCondition } from "./compile-condition.js";

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
  /** Evaluates every rule against the facts, with each leaf as evaluated (json-rules-engine). */
  run(facts: Facts): Promise<RuleOutcome[]>;
  /**
   * Whether each rule holds (in the order given): what `run` says, from the conditions compiled
   * into plain functions — the hot path, with no leaves. A rule the compiler does not take (a
   * `path` or `params` leaf) is asked of the engine.
   */
  holds(facts: Facts): Promise<boolean[]>;
}

/** The key of a list held by the engine instead of in its condition. */
const LIST_REF = "stockpolicyList";
/** Lists longer than this are held as sets. */
const HELD_FROM = 16;

function listRef(value: unknown): number | undefined {
  if (!value || typeof value !== "object" || Array.isArray(value)) return undefined;
  const ref = (value as Record<string, unknown>)[LIST_REF];
  return typeof ref === "number" ? ref : undefined;
}

/** The conditions with each long `in`/`notIn` list replaced by what `hold` returns for it. */
function holdLists(node: unknown, hold: (list: readonly unknown[]) => unknown): unknown {
  if (!node || typeof node !== "object") return node;
  const n = node as Record<string, unknown>;
  for (const key of ["all", "any"] as const)
    if (Array.isArray(n[key]))
      return { ...n, [key]: (n[key] as unknown[]).map((c) => holdLists(c, hold)) };
  if (n.not) return { ...n, not: holdLists(n.not, hold) };
  // Only undecorated: `someValue:in` and the like walk the list themselves.
  const plain = n.operator === "in" || n.operator === "notIn";
  const long = Array.isArray(n.value) && n.value.length > HELD_FROM;
  return plain && long ? { ...n, value: hold(n.value as unknown[]) } : n;
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
  // `in` and `notIn` as set lookups: the engine scans a list per SKU, and copies every condition
  // into each result (a 200k-value list on 300 SKUs took 41 s). So a list is held here, as a set
  // made once, and the condition carries a small reference to it.
  const lists: (readonly unknown[])[] = [];
  const sets: ReadonlySet<unknown>[] = [];
  const member = (fact: unknown, value: unknown): boolean => {
    const ref = listRef(value);
    if (ref !== undefined) return sets[ref]?.has(fact) ?? false;
    return Array.isArray(value) && value.includes(fact);
  };
  engine.addOperator("in", member);
  engine.addOperator("notIn", (fact: unknown, value: unknown) => !member(fact, value));
  const held = (conditions: TopLevelCondition): TopLevelCondition =>
    holdLists(conditions, (list) => {
      lists.push(list);
      sets.push(new Set(list));
      return { [LIST_REF]: lists.length - 1 };
    }) as TopLevelCondition;
  for (const rule of rules) {
    const props: RuleProperties = {
      name: rule.name,
      conditions: held(rule.conditions),
      event: { type: rule.name },
    };
    engine.addRule(props);
  }
  const compiled = rules.map((r) => compileCondition(held(r.conditions), member));
  const defined = (facts: Facts): Record<string, unknown> =>
    Object.fromEntries(Object.entries(facts).filter(([, v]) => v !== undefined && v !== null));
  const self: CompiledRules = {
    async holds(facts) {
      if (compiled.every((c) => c !== undefined)) return compiled.map((c) => c(facts));
      const outcomes = await self.run(facts);
      return compiled.map((c, i) => (c ? c(facts) : outcomes[i]?.holds === true));
    },
    async run(facts) {
      // Unknown facts stay absent, so comparisons with them are false rather than errors.
      const { results, failureResults } = await engine.run(defined(facts));
      const outcome =
        (holds: boolean) =>
        (r: { name: string; conditions: TopLevelConditionResult }): RuleOutcome => ({
          name: r.name,
          holds,
          leaves: collectLeaves(r.conditions, lists),
        });
      const byName = new Map(rules.map((r, i) => [r.name, i]));
      return [...results.map(outcome(true)), ...failureResults.map(outcome(false))].sort(
        (a, b) => (byName.get(a.name) ?? 0) - (byName.get(b.name) ?? 0),
      );
    },
  };
  return self;
}

function collectLeaves(node: unknown, lists: readonly (readonly unknown[])[]): LeafResult[] {
  if (!node || typeof node !== "object") return [];
  const n = node as Record<string, unknown>;
  for (const key of ["all", "any"] as const) {
    if (Array.isArray(n[key])) return (n[key] as unknown[]).flatMap((c) => collectLeaves(c, lists));
  }
  if (n.not) return collectLeaves(n.not, lists);
  if (typeof n.fact !== "string") return [];
  const ref = listRef(n.value);
  return [
    {
      fact: n.fact,
      operator: String(n.operator),
      value: ref !== undefined ? lists[ref] : n.value,
      factValue: n.factResult,
      result: typeof n.result === "boolean" ? n.result : undefined,
    },
  ];
}
