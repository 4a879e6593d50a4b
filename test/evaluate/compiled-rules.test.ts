/**
 * The compiled rules (compile-condition.ts) say what json-rules-engine says: on every SKU of the
 * demo companies and the real retail sample (each window and its reference window), for every
 * segment `match` and every check of the demo's policies; and on random conditions over every
 * operator and decorator with random facts — numbers, text, lists, missing ones.
 */
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { compileRules } from "../../src/evaluate/engine.js";
import type { Facts } from "../../src/evaluate/engine.js";
import {
  membershipFacts,
  skuFacts,
  withPortfolioMetrics,
} from "../../src/evaluate/segment-portfolio.js";
import { withEvaluationSession } from "../../src/run/run-evaluation.js";
import { Random } from "../../src/stats/random.js";
import type { PolicySet, TopLevelCondition } from "../../src/types.js";
import { BASE_OPERATORS, OPERATOR_DECORATORS } from "../../src/vocabulary/operators.js";
import { ROOT, runCli, tempDir } from "../helpers/cli.js";
import { sharedDataset } from "../helpers/data.js";
import { demoCopy } from "../helpers/demo-cache.js";

/** Every rule of the policies: segment matches and checks. */
function rulesOf(policies: PolicySet): { name: string; conditions: TopLevelCondition }[] {
  return [
    ...policies.segments.flatMap((s) =>
      s.value.match ? [{ name: s.value.metadata.name, conditions: s.value.match }] : [],
    ),
    ...policies.checks.map((c) => ({
      name: c.value.metadata.name,
      conditions: c.value.conditions,
    })),
  ];
}

/** Every SKU's facts (window and reference window) at each as-of date. */
async function factsOf(
  db: string,
  asOfs: readonly (string | undefined)[],
): Promise<{ policies: PolicySet; facts: Facts[] }> {
  const request = {
    policies: path.join(ROOT, "policies"),
    db,
    window: { amount: 90, unit: "d" as const },
    cwd: ROOT,
    today: "2100-01-01",
    record: false,
  };
  return withEvaluationSession(request, async (session) => {
    const facts: Facts[] = [];
    for (const asOf of asOfs) {
      const read = await session.readSkus(asOf ?? (session.lastDate as string));
      for (const e of withPortfolioMetrics(read.evaluations))
        facts.push({ ...skuFacts(e), segment: e.columns.segment });
      // The reference window's SKUs as membership sees them (their facts carry the pin too).
      if (read.reference) facts.push(...membershipFacts(read.reference));
    }
    return { policies: session.policies, facts };
  });
}

async function expectSameAsEngine(
  rules: { name: string; conditions: TopLevelCondition }[],
  facts: readonly Facts[],
): Promise<number> {
  const compiled = compileRules(rules);
  let held = 0;
  for (const f of facts) {
    const byEngine = (await compiled.run(f)).map((o) => o.holds);
    const fast = await compiled.holds(f);
    expect(fast, JSON.stringify(f)).toEqual(byEngine);
    held += fast.filter(Boolean).length;
  }
  return held;
}

describe("compiled rules agree with json-rules-engine", () => {
  it("on every demo and fixture SKU, for every segment and check", async () => {
    const demo = demoCopy(path.join(tempDir(), "kitebird"), "episodes");
    const small = demoCopy(path.join(tempDir(), "small"), "small");
    const retail = path.join(tempDir(), "retail.db");
    expect(runCli(["ingest", sharedDataset("freshretail-sample"), "--db", retail]).stderr).toBe("");
    let skus = 0;
    let held = 0;
    for (const [db, asOfs] of [
      [path.join(demo, "outcomes.db"), [undefined, "2026-06-30", "2025-12-31"]],
      [path.join(small, "outcomes.db"), [undefined]],
      [retail, [undefined]],
    ] as const) {
      const { policies, facts } = await factsOf(db, asOfs);
      skus += facts.length;
      held += await expectSameAsEngine(rulesOf(policies), facts);
    }
    expect(skus).toBeGreaterThan(1500);
    // Not a vacuous agreement: rules hold on some SKUs and not on others.
    expect(held).toBeGreaterThan(skus / 2);
  }, 120_000);

  it("on random conditions over every operator and decorator", async () => {
    const r = new Random(20261202);
    const pick = <T>(xs: readonly T[]): T => r.pick(xs);
    const scalar = (): unknown =>
      pick([
        () => r.int(-3, 3),
        () => r.int(0, 4) / 2,
        () => pick(["a", "b", "ab", "", "1.5", "x1"]),
        () => true,
        () => null,
      ])();
    const listOf = (): unknown[] => Array.from({ length: r.int(0, 20) }, scalar);
    const facts = ["f1", "f2", "f3", "missing"];
    const leaf = (): Record<string, unknown> => {
      const base = pick(BASE_OPERATORS);
      const decorators = Array.from({ length: r.int(0, 2) }, () => pick(OPERATOR_DECORATORS));
      const value =
        base === "between"
          ? [r.int(-2, 1), r.int(1, 3)]
          : base === "in" || base === "notIn" || decorators.some((d) => d.endsWith("Value"))
            ? listOf()
            : r.chance(0.15)
              ? { fact: pick(facts) }
              : scalar();
      return { fact: pick(facts), operator: [...decorators, base].join(":"), value };
    };
    const node = (depth: number): Record<string, unknown> => {
      if (depth > 2 || r.chance(0.4)) return leaf();
      const kind = pick(["all", "any", "not"]);
      if (kind === "not") return { not: node(depth + 1) };
      return { [kind]: Array.from({ length: r.int(1, 3) }, () => node(depth + 1)) };
    };
    const randomFacts = (): Facts => ({
      f1: pick([scalar, listOf, () => undefined])(),
      f2: pick([scalar, listOf])(),
      f3: r.int(-3, 3),
    });
    let compared = 0;
    for (let t = 0; t < 400; t++) {
      const rules = [{ name: `r${t}`, conditions: { all: [node(0)] } as TopLevelCondition }];
      const compiled = compileRules(rules);
      for (let k = 0; k < 10; k++) {
        const f = randomFacts();
        const byEngine = await compiled.run(f).then(
          (o) => o.map((x) => x.holds),
          () => "throws",
        );
        const fast = await compiled.holds(f).catch(() => "throws");
        expect(fast, JSON.stringify({ rules, f })).toEqual(byEngine);
        compared++;
      }
    }
    expect(compared).toBe(4000);
  });
});
