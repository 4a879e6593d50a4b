/**
 * Can two `match` conditions hold for the same SKU? Conditions are turned into a disjunction
 * of conjunctions (negations pushed down to the leaves); two conjunctions can both hold unless
 * some fact is held to ranges or values that exclude each other. Leaves this cannot reason
 * about (contains, decorators other than not, comparisons with another fact) are taken to
 * be satisfiable: the answer errs toward "can overlap".
 *
 * @example canOverlap({ all: [{ fact: "adi", operator: "lessThan", value: 1.32 }] },
 *                     { all: [{ fact: "adi", operator: "greaterThanInclusive", value: 1.32 }] }) // undefined
 */
import type { Condition, LeafCondition } from "../types.js";

interface Leaf {
  fact: string;
  op: string;
  value: unknown;
}

type Conjunction = Leaf[];

const MAX_CONJUNCTIONS = 512;

const NEGATED: Readonly<Record<string, string>> = {
  equal: "notEqual",
  notEqual: "equal",
  in: "notIn",
  notIn: "in",
  lessThan: "greaterThanInclusive",
  lessThanInclusive: "greaterThan",
  greaterThan: "lessThanInclusive",
  greaterThanInclusive: "lessThan",
  contains: "doesNotContain",
  doesNotContain: "contains",
};

/** Returns a description of the SKUs both conditions admit, or undefined if they exclude each other. */
export function canOverlap(a: Condition, b: Condition): string | undefined {
  const left = toDnf(a, false);
  const right = toDnf(b, false);
  if (!left || !right) return "conditions too complex to separate";
  for (const l of left) {
    for (const r of right) {
      const merged = [...l, ...r];
      if (satisfiable(merged)) return describe(merged);
    }
  }
  return undefined;
}

/** undefined when the expansion is too large to reason about. */
function toDnf(c: Condition, negate: boolean): Conjunction[] | undefined {
  if ("all" in c || "any" in c) {
    const conjunctive = "all" in c !== negate;
    const parts: Conjunction[][] = [];
    for (const child of "all" in c ? c.all : c.any) {
      const d = toDnf(child, negate);
      if (!d) return undefined;
      parts.push(d);
    }
    if (!conjunctive) return parts.flat();
    let acc: Conjunction[] = [[]];
    for (const part of parts) {
      acc = acc.flatMap((x) => part.map((y) => [...x, ...y]));
      if (acc.length > MAX_CONJUNCTIONS) return undefined;
    }
    return acc;
  }
  if ("not" in c) return toDnf(c.not, !negate);
  return leafDnf(c, negate);
}

function leafDnf(c: LeafCondition, negate: boolean): Conjunction[] {
  let op = c.operator;
  let neg = negate;
  while (op.startsWith("not:")) {
    op = op.slice(4);
    neg = !neg;
  }
  if (op.includes(":") || isFactRef(c.value)) return [[]]; // cannot reason: treat as true
  if (op === "between" && Array.isArray(c.value)) {
    const [lo, hi] = c.value as unknown[];
    if (!neg)
      return [
        [
          { fact: c.fact, op: "greaterThanInclusive", value: lo },
          { fact: c.fact, op: "lessThanInclusive", value: hi },
        ],
      ];
    return [
      [{ fact: c.fact, op: "lessThan", value: lo }],
      [{ fact: c.fact, op: "greaterThan", value: hi }],
    ];
  }
  const finalOp = neg ? NEGATED[op] : op;
  if (finalOp === undefined) return [[]];
  return [[{ fact: c.fact, op: finalOp, value: c.value }]];
}

function isFactRef(v: unknown): boolean {
  return typeof v === "object" && v !== null && !Array.isArray(v) && "fact" in v;
}

interface Constraint {
  lo: number;
  loIncl: boolean;
  hi: number;
  hiIncl: boolean;
  allowed?: unknown[];
  excluded: unknown[];
}

function constraints(leaves: Conjunction): Map<string, Constraint> {
  const byFact = new Map<string, Constraint>();
  for (const { fact, op, value } of leaves) {
    let c = byFact.get(fact);
    if (!c) {
      c = { lo: -Infinity, loIncl: false, hi: Infinity, hiIncl: false, excluded: [] };
      byFact.set(fact, c);
    }
    if (typeof value === "number") {
      if (op === "lessThan" || op === "lessThanInclusive") {
        const incl = op === "lessThanInclusive";
        if (value < c.hi || (value === c.hi && !incl))
          Object.assign(c, { hi: value, hiIncl: incl });
      } else if (op === "greaterThan" || op === "greaterThanInclusive") {
        const incl = op === "greaterThanInclusive";
        if (value > c.lo || (value === c.lo && !incl))
          Object.assign(c, { lo: value, loIncl: incl });
      }
    }
    if (op === "equal" || op === "in") {
      const values: unknown[] =
        op === "in" ? (Array.isArray(value) ? (value as unknown[]) : []) : [value];
      c.allowed = c.allowed ? c.allowed.filter((v) => values.includes(v)) : [...values];
    } else if (op === "notEqual" || op === "notIn") {
      const values: unknown[] =
        op === "notIn" ? (Array.isArray(value) ? (value as unknown[]) : []) : [value];
      c.excluded.push(...values);
    }
  }
  return byFact;
}

function satisfiable(leaves: Conjunction): boolean {
  for (const c of constraints(leaves).values()) {
    if (c.lo > c.hi || (c.lo === c.hi && !(c.loIncl && c.hiIncl))) return false;
    if (c.allowed) {
      const ok = c.allowed.filter(
        (v) => !c.excluded.includes(v) && (typeof v !== "number" || inRange(v, c)),
      );
      if (ok.length === 0) return false;
    }
  }
  return true;
}

function inRange(v: number, c: Constraint): boolean {
  return (v > c.lo || (v === c.lo && c.loIncl)) && (v < c.hi || (v === c.hi && c.hiIncl));
}

function describe(leaves: Conjunction): string {
  const parts: string[] = [];
  for (const [fact, c] of constraints(leaves)) {
    if (c.allowed)
      parts.push(
        `${fact} = ${c.allowed
          .filter((v) => !c.excluded.includes(v))
          .map(String)
          .join("|")}`,
      );
    else if (c.lo !== -Infinity || c.hi !== Infinity) {
      const lo = c.lo === -Infinity ? "" : `${c.lo} ${c.loIncl ? "≤" : "<"} `;
      const hi = c.hi === Infinity ? "" : ` ${c.hiIncl ? "≤" : "<"} ${c.hi}`;
      parts.push(`${lo}${fact}${hi}`);
    } else if (c.excluded.length) parts.push(`${fact} ≠ ${c.excluded.map(String).join(", ")}`);
  }
  return parts.length ? parts.join(", ") : "any SKU";
}
