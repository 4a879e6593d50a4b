import type { Condition, LeafCondition } from "../types.js";

/**
 * Every leaf of a condition tree with its JSON pointer below `pointer`.
 *
 * @example conditionLeaves({ all: [{ fact: "adi", operator: "lessThan", value: 2 }] }, "/match")
 * // [{ leaf: {...}, pointer: "/match/all/0" }]
 */
export function conditionLeaves(c: Condition, pointer: string): { leaf: LeafCondition; pointer: string }[] {
  if ("all" in c) return c.all.flatMap((child, i) => conditionLeaves(child, `${pointer}/all/${i}`));
  if ("any" in c) return c.any.flatMap((child, i) => conditionLeaves(child, `${pointer}/any/${i}`));
  if ("not" in c) return conditionLeaves(c.not, `${pointer}/not`);
  return [{ leaf: c, pointer }];
}
