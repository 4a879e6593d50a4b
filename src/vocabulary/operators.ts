/**
 * The operators that conditions may use: json-rules-engine's own, its decorators, and
 * stockpolicy's. Plain data and functions; `engine.ts` registers the custom ones.
 *
 * @example parseOperator("not:lessThan") // { base: "lessThan", decorators: ["not"] }
 */

/** What a condition's `value` must be for an operator. */
export type Operand = "any" | "number" | "list" | "range" | "text";

/** json-rules-engine's default operators. */
export const ENGINE_OPERATORS: Readonly<Record<string, Operand>> = {
  equal: "any",
  notEqual: "any",
  in: "list",
  notIn: "list",
  contains: "any",
  doesNotContain: "any",
  lessThan: "number",
  lessThanInclusive: "number",
  greaterThan: "number",
  greaterThanInclusive: "number",
};

/** json-rules-engine's operator decorators, written `decorator:operator`. */
export const OPERATOR_DECORATORS = [
  "someFact",
  "someValue",
  "everyFact",
  "everyValue",
  "swap",
  "not",
] as const;

export interface CustomOperator {
  operand: Operand;
  test: (factValue: unknown, value: unknown) => boolean;
}

/** stockpolicy's own operators. */
export const CUSTOM_OPERATORS: Readonly<Record<string, CustomOperator>> = {
  between: {
    operand: "range",
    test: (fact, value) =>
      typeof fact === "number" &&
      Array.isArray(value) &&
      typeof value[0] === "number" &&
      typeof value[1] === "number" &&
      fact >= value[0] &&
      fact <= value[1],
  },
  startsWith: {
    operand: "text",
    test: (fact, value) =>
      typeof fact === "string" && typeof value === "string" && fact.startsWith(value),
  },
  endsWith: {
    operand: "text",
    test: (fact, value) =>
      typeof fact === "string" && typeof value === "string" && fact.endsWith(value),
  },
};

export const BASE_OPERATORS: readonly string[] = [
  ...Object.keys(ENGINE_OPERATORS),
  ...Object.keys(CUSTOM_OPERATORS),
];

export interface ParsedOperator {
  base: string;
  operand: Operand;
  decorators: string[];
}

/** Splits `not:someValue:equal` into decorators and base operator; undefined if any part is unknown. */
export function parseOperator(operator: string): ParsedOperator | undefined {
  const parts = operator.split(":");
  const base = parts.pop() ?? "";
  const decorators = parts;
  if (!decorators.every((d) => (OPERATOR_DECORATORS as readonly string[]).includes(d)))
    return undefined;
  // Own properties only: "constructor", "toString" or "__proto__" are no operators.
  const own = (table: object): boolean => Object.prototype.hasOwnProperty.call(table, base);
  const operand = own(ENGINE_OPERATORS)
    ? ENGINE_OPERATORS[base]
    : own(CUSTOM_OPERATORS)
      ? CUSTOM_OPERATORS[base]?.operand
      : undefined;
  return operand === undefined ? undefined : { base, operand, decorators };
}
