import { mkdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { dataset } from "../helpers/data.js";
import { runCli, tempDir } from "../helpers/cli.js";

const META = (name: string) =>
  `metadata: { name: ${name}, version: 1, owner: ${name}@example.com, reviewedOn: 2026-09-01, reviewEveryDays: 90 }\n`;

function policies(attributes: string, heavyValue: string): string {
  const dir = path.join(tempDir(), "policies");
  mkdirSync(path.join(dir, "segments"), { recursive: true });
  writeFileSync(
    path.join(dir, "tolerance.yaml"),
    `apiVersion: stockpolicy/v1\nkind: RiskTolerance\n${META("company")}currency: USD\nportfolio: {}\n` +
      `overrides: { threshold: 0.1, routine: { rate: 0.3, streak: 3 } }\nattributes: ${attributes}\n`,
  );
  const segment = (name: string, priority: number, match: string) =>
    `apiVersion: stockpolicy/v1\nkind: SegmentPolicy\n${META(name)}priority: ${priority}\n${match}` +
    `targets: { fillRate: 0.9, reviewPeriodDays: 7, cover: { minWeeks: 1, maxWeeks: 4 } }\n`;
  writeFileSync(
    path.join(dir, "segments", "heavy.yaml"),
    segment(
      "heavy",
      2,
      `match: { all: [{ fact: weight, operator: greaterThan, value: ${heavyValue} }] }\n`,
    ),
  );
  writeFileSync(
    path.join(dir, "segments", "other.yaml"),
    segment("other", 1, `match: { all: [{ fact: sku, operator: notEqual, value: "" }] }\n`),
  );
  return dir;
}

const DATA = {
  "skus.csv": "sku,unit_cost,lead_time_days,weight\nA1,2,7,12\nB2,3,7,4.5\nC3,1,7,n/a\nD4,1,7,9\n",
  "daily.csv":
    "date,sku,units_sold,on_hand,stockout\n2026-01-01,A1,3,40,0\n2026-01-01,B2,1,10,0\n" +
    "2026-01-01,C3,1,5,0\n2026-01-01,D4,2,8,0\n",
  "purchase_orders.csv": null,
  "decisions.csv": null,
  "forecasts.csv": null,
  "events.csv": null,
};

describe("attributes declared as numbers", () => {
  it("compare as numbers: 12 and 9 are above 5, 4.5 is not, n/a has no value", () => {
    const p = policies("[{ name: weight, type: number }]", "5");
    const r = runCli(["evaluate", "--data", dataset(DATA), "--policies", p, "--format", "json"]);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as { segments: { name: string; skus: number }[] };
    expect(Object.fromEntries(doc.segments.map((s) => [s.name, s.skus]))).toEqual({
      heavy: 2,
      other: 2,
    });
  });

  it("a number compared with a text attribute is a bad operand at its line", () => {
    const p = policies("[weight]", "5");
    const r = runCli(["validate", "--policies", p]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /heavy\.yaml:5:\d+: bad-operand: expected text for weight \(an attribute is text unless tolerance\.yaml declares \{ name: weight, type: number \}\), found 5/,
    );
  });

  it("text compared with a number attribute is a bad operand", () => {
    const r = runCli([
      "validate",
      "--policies",
      policies("[{ name: weight, type: number }]", '"5"'),
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad-operand: expected numbers for weight/);
  });
});

describe("ingest's account of columns", () => {
  it("a file without a required column is refused by name, not counted as invalid rows", () => {
    const data = dataset({ "daily.csv": "date,sku\n2026-01-01,A1\n" });
    const r = runCli(["ingest", data, "--db", path.join(tempDir(), "s.db"), "--skip-invalid"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain("daily.csv: not read: its header is not the contract's");
    expect(r.stderr).toContain("daily.csv:1: units_sold: expected a column units_sold, found none");
    expect(r.stderr).toContain("rejected: daily.csv lacks the columns the contract requires");
    expect(r.stderr).not.toMatch(/invalid row/);
  });

  it("names skus.csv's extra columns as kept attributes, not as ignored", () => {
    const data = dataset({
      "skus.csv": "sku,unit_cost,lead_time_days,weight,colour\nA1,2,7,12,red\nB2,3,7,4,blue\n",
      "decisions.csv": null,
      "purchase_orders.csv": null,
      "events.csv": null,
    });
    const r = runCli(["ingest", data, "--db", path.join(tempDir(), "s.db")]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^skus\.csv: 2 rows .*; attributes kept for rules: weight, colour$/m);
    expect(r.stderr).toBe("");
  });
});

describe("a mistyped attributes list", () => {
  it("is judged by the form each item has, one problem an item", () => {
    const p = policies("[{ name: weight, type: numeric }, { nam: x, type: text }, 7, Bad]", "5");
    const r = runCli(["validate", "--policies", p]);
    expect(r.code).toBe(2);
    const lines = r.stderr.split("\n").filter((l) => /tolerance\.yaml:\d/.test(l));
    expect(lines.map((l) => l.replace(/^.*tolerance\.yaml:\d+:\d+: /, ""))).toEqual([
      'invalid-value: expected attributes[0].type to be text or number, found "numeric"',
      'missing-field: expected field "name" in attributes[1], found none',
      'unknown-field: expected one of name, type in attributes[1], found "nam"; did you mean "name"?',
      "wrong-type: expected text or a mapping for attributes[2], found 7",
      'invalid-value: expected attributes[3]: a skus.csv column name, lower case, compared as text, found "Bad"',
    ]);
  });
});
