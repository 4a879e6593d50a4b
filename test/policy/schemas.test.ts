import { readdirSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { NUMERIC_METRIC_NAMES } from "../../src/vocabulary/metric-catalog.js";
import { loadPolicies } from "../../src/policy/load-policies.js";
import { SCHEMAS } from "../../src/evaluate/evaluation-schema.js";
import { checkSchemas } from "../../src/policy/validate-schema.js";
import { ROOT } from "../helpers/cli.js";

/** Every object under a `properties` keyword, with its path. */
function properties(schema: unknown, at = ""): { path: string; schema: Record<string, unknown> }[] {
  if (typeof schema !== "object" || schema === null) return [];
  const out: { path: string; schema: Record<string, unknown> }[] = [];
  for (const [key, value] of Object.entries(schema as Record<string, unknown>)) {
    if (key === "properties" && typeof value === "object" && value !== null) {
      for (const [name, sub] of Object.entries(value))
        out.push({ path: `${at}.${name}`, schema: sub as Record<string, unknown> });
    }
    out.push(...properties(value, `${at}/${key}`));
  }
  return out;
}

describe("JSON Schemas", () => {
  it("pass ajv's meta-schema validation", () => {
    expect(checkSchemas(SCHEMAS)).toEqual([]);
  });

  it.each(Object.entries(SCHEMAS))(
    "%s has $id, title and a description on every property",
    (_name, schema) => {
      expect(schema.$id).toMatch(/^https:\/\/.+\.schema\.json$/);
      expect(schema.title).toEqual(expect.any(String));
      const props = properties(schema);
      expect(props.length).toBeGreaterThan(5);
      const undocumented = props
        .filter((p) => typeof p.schema.description !== "string" || p.schema.description === "")
        .map((p) => p.path);
      expect(undocumented).toEqual([]);
    },
  );

  it("bound every numeric metric of the catalog, and nothing else", () => {
    const segment = SCHEMAS["segment-policy"] as {
      properties: { assumptions: { properties: object } };
    };
    expect(Object.keys(segment.properties.assumptions.properties).sort()).toEqual(
      [...NUMERIC_METRIC_NAMES].sort(),
    );
  });

  it.each(Object.keys(SCHEMAS))("schemas/%s.schema.json is current", async (name) => {
    const text = `${JSON.stringify(SCHEMAS[name as keyof typeof SCHEMAS], null, 2)}\n`;
    await expect(text).toMatchFileSnapshot(path.join(ROOT, "schemas", `${name}.schema.json`));
  });

  it("has no stray schema files", () => {
    const files = readdirSync(path.join(ROOT, "schemas")).sort();
    expect(files).toEqual(
      Object.keys(SCHEMAS)
        .map((n) => `${n}.schema.json`)
        .sort(),
    );
  });
});

describe("the demo company's policies", () => {
  it("validate with no problems", async () => {
    const { policies, problems } = await loadPolicies("policies", {
      cwd: ROOT,
      today: "2026-11-26",
    });
    expect(problems).toEqual([]);
    expect(policies?.segments.map((s) => s.value.metadata.name).sort()).toEqual([
      "clearance",
      "long-tail",
      "seasonal-hero",
      "steady-core",
      "trend",
    ]);
    expect(policies?.checks.length).toBe(2);
    for (const s of policies?.segments ?? [])
      expect(s.value.metadata.rationale?.length).toBeGreaterThan(100);
  });

  it("remember where each value came from", async () => {
    const { policies } = await loadPolicies("policies", { cwd: ROOT, today: "2026-11-26" });
    const core = policies?.segments.find((s) => s.value.metadata.name === "steady-core");
    expect(core?.file).toBe("policies/segments/steady-core.yaml");
    // `  leadTimeDays: { max: 25 }` is on line 23; its value 25 starts at column 24.
    expect(core?.positions["/assumptions/leadTimeDays/max"]).toEqual({
      file: "policies/segments/steady-core.yaml",
      line: 23,
      column: 24,
    });
  });
});
