/**
 * A rule's conditions compiled into one plain function of the facts, for the hot path (50k SKUs
 * × every segment and check). json-rules-engine stays the definition: each operator and
 * decorator here does what the engine's does — the same comparison, the same validation of the
 * fact's value, decorators applied outermost first — and a test holds the two equal on every demo
 * and fixture SKU and on random facts. What the compiler does not take (a leaf with `path` or
 * `params`, a condition reference) compiles to undefined and is left to the engine. The facts
 * are read as given; null, which the engine is never given, reads as unknown. Pure.
 */
import { CUSTOM_OPERATORS } from "../vocabulary/operators.js";

type Facts = Readonly<Record<string, unknown>>;
type Test = (factValue: unknown, value: unknown) => boolean;
export type Predicate = (facts: Facts) => boolean;

/** json-rules-engine's check that a fact is a number for the comparisons. */
const isNumberLike = (x: unknown): boolean => Number.parseFloat(x as string).toString() !== "NaN";

const indexOf = (list: unknown, x: unknown): number => (list as unknown[]).indexOf(x);

/** The engine's operators, with `in`/`notIn` as the engine registers them (set lookups). */
function baseOperators(member: Test): Record<string, Test> {
  const custom = Object.fromEntries(
    Object.entries(CUSTOM_OPERATORS).map(([name, op]): [string, Test] => [name, op.test]),
  );
  return {
    equal: (a, b) => a === b,
    notEqual: (a, b) => a !== b,
    in: member,
    notIn: (a, b) => !member(a, b),
    contains: (a, b) => Array.isArray(a) && indexOf(a, b) > -1,
    doesNotContain: (a, b) => Array.isArray(a) && indexOf(a, b) === -1,
    lessThan: (a, b) => isNumberLike(a) && (a as number) < (b as number),
    lessThanInclusive: (a, b) => isNumberLike(a) && (a as number) <= (b as number),
    greaterThan: (a, b) => isNumberLike(a) && (a as number) > (b as number),
    greaterThanInclusive: (a, b) => isNumberLike(a) && (a as number) >= (b as number),
    ...custom,
  };
}

/** The engine's decorators: each wraps the operator it decorates (`next`). */
const DECORATORS: Readonly<Record<string, (next: Test) => Test>> = {
  someFact: (next) => (a, b) => Array.isArray(a) && a.some((x) => next(x, b)),
  someValue: (next) => (a, b) => (b as unknown[]).some((y) => next(a, y)),
  everyFact: (next) => (a, b) => Array.isArray(a) && a.every((x) => next(x, b)),
  everyValue: (next) => (a, b) => (b as unknown[]).every((y) => next(a, y)),
  swap: (next) => (a, b) => next(b, a),
  not: (next) => (a, b) => !next(a, b),
};

/** `not:someValue:equal` as one test: the decorator written first is the outermost. */
function operatorTest(name: string, base: Readonly<Record<string, Test>>): Test | undefined {
  const parts = name.split(":");
  let test = base[parts.pop() ?? ""];
  for (const decorator of parts.reverse()) {
    const decorate = DECORATORS[decorator];
    if (!test || !decorate) return undefined;
    test = decorate(test);
  }
  return test;
}

/** The engine is given no null or undefined fact: either is a fact it does not know. */
const known = (v: unknown): unknown => (v === null ? undefined : v);

/** A fact reference `{ fact: NAME }` as the engine reads a condition's value. */
const isFactReference = (v: unknown): v is { fact: string } =>
  v !== null && typeof v === "object" && Object.prototype.hasOwnProperty.call(v, "fact");

function compileLeaf(
  n: Record<string, unknown>,
  base: Readonly<Record<string, Test>>,
): Predicate | undefined {
  if (n.path !== undefined || n.params !== undefined || typeof n.fact !== "string")
    return undefined;
  const test = typeof n.operator === "string" ? operatorTest(n.operator, base) : undefined;
  if (!test) return undefined;
  const fact = n.fact;
  const value = n.value;
  if (isFactReference(value)) {
    const ref = value as Record<string, unknown>;
    if (ref.path !== undefined || ref.params !== undefined || typeof ref.fact !== "string")
      return undefined;
    const other = ref.fact;
    return (facts) => test(known(facts[fact]), known(facts[other]));
  }
  return (facts) => test(known(facts[fact]), value);
}

/**
 * The condition as a predicate of the (defined) facts, or undefined when it uses what only the
 * engine can evaluate. `member` is the engine's `in` (lists held as sets).
 */
export function compileCondition(node: unknown, member: Test): Predicate | undefined {
  return compileNode(node, baseOperators(member));
}

function compileNode(node: unknown, base: Readonly<Record<string, Test>>): Predicate | undefined {
  if (!node || typeof node !== "object") return undefined;
  const n = node as Record<string, unknown>;
  for (const key of ["all", "any"] as const)
    if (Array.isArray(n[key])) {
      const parts = (n[key] as unknown[]).map((c) => compileNode(c, base));
      if (parts.some((p) => p === undefined)) return undefined;
      const ps = parts as Predicate[];
      // Every child is evaluated, as the engine evaluates one priority's conditions together:
      // a leaf that throws (a list operator given a number) throws here too.
      return (f) => {
        let held = 0;
        for (const p of ps) if (p(f)) held++;
        return key === "all" ? held === ps.length : held > 0;
      };
    }
  if (n.not !== undefined) {
    const inner = compileNode(n.not, base);
    return inner ? (f) => !inner(f) : undefined;
  }
  return compileLeaf(n, base);
}
