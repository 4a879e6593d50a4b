/** `in`/`notIn` with long lists: set lookups (a 200k-value list once took 41 s on 300 SKUs), same answers. */
import { describe, expect, it } from "vitest";
import { compileRules } from "../../src/evaluate/engine.js";

const LIST = Array.from({ length: 200_000 }, (_, i) => `S${i}`);

describe("long in/notIn lists", () => {
  it("answers membership as the engine would, and explains with the list itself", async () => {
    const rules = compileRules([
      { name: "listed", conditions: { all: [{ fact: "sku", operator: "in", value: LIST }] } },
      { name: "unlisted", conditions: { all: [{ fact: "sku", operator: "notIn", value: LIST }] } },
    ]);
    const listed = await rules.run({ sku: "S199999" });
    expect(listed.map((r) => [r.name, r.holds])).toEqual([
      ["listed", true],
      ["unlisted", false],
    ]);
    expect(listed[0]?.leaves[0]?.value).toBe(LIST);
    const other = await rules.run({ sku: "X1" });
    expect(other.map((r) => r.holds)).toEqual([false, true]);
    // 300 SKUs against the list: each run is a lookup, not a scan and a copy of 200k values
    for (let i = 0; i < 300; i++) expect((await rules.run({ sku: `S${i}` }))[0]?.holds).toBe(true);
  });

  it("leaves decorated operators, which walk the list themselves, as the engine has them", async () => {
    const values = Array.from({ length: 40 }, (_, i) => i);
    const rules = compileRules([
      {
        name: "any",
        conditions: { all: [{ fact: "tags", operator: "someFact:in", value: values }] },
      },
    ]);
    expect((await rules.run({ tags: [100, 7] }))[0]?.holds).toBe(true);
    expect((await rules.run({ tags: [100, 200] }))[0]?.holds).toBe(false);
  });
});
