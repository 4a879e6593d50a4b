/** The condition language of `match` rules and checks, as written in YAML (json-rules-engine's shape). */

/** A json-rules-engine leaf condition, as written in YAML. */
export interface LeafCondition {
  fact: string;
  operator: string;
  value: unknown;
  path?: string;
  params?: Record<string, unknown>;
}

export type Condition =
  { all: Condition[] } | { any: Condition[] } | { not: Condition } | LeafCondition;

export type TopLevelCondition = { all: Condition[] } | { any: Condition[] } | { not: Condition };

/**
 * Every leaf of a condition tree with its JSON pointer below `pointer`. Tolerant of malformed
 * trees (it may run on a document that failed its schema): what is not a condition is skipped.
 *
 * @example conditionLeaves({ all: [{ fact: "adi", operator: "lessThan", value: 2 }] }, "/match")
 * // [{ leaf: {...}, pointer: "/match/all/0" }]
 */
export function conditionLeaves(
  c: Condition | undefined,
  pointer: string,
): { leaf: LeafCondition; pointer: string }[] {
  if (typeof c !== "object" || c === null) return [];
  for (const key of ["all", "any"] as const) {
    if (key in c) {
      const children: unknown = (c as Record<string, unknown>)[key];
      return Array.isArray(children)
        ? children.flatMap((child: Condition, i) =>
            conditionLeaves(child, `${pointer}/${key}/${i}`),
          )
        : [];
    }
  }
  if ("not" in c) return conditionLeaves(c.not, `${pointer}/not`);
  const leaf = c as LeafCondition;
  return typeof leaf.fact === "string" && typeof leaf.operator === "string"
    ? [{ leaf, pointer }]
    : [];
}

/**
 * The facts a condition reads: each leaf's fact and the fact its value refers to, if any.
 *
 * @example conditionFacts({ all: [{ fact: "adi", operator: "lessThan", value: { fact: "cap" } }] })
 * // ["adi", "cap"]
 */
export function conditionFacts(c: Condition | undefined): string[] {
  return conditionLeaves(c, "").flatMap(({ leaf }) => {
    const value = leaf.value as Record<string, unknown> | null;
    const other = value !== null && typeof value === "object" ? value.fact : undefined;
    return typeof other === "string" ? [leaf.fact, other] : [leaf.fact];
  });
}
