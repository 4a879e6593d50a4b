import { readFileSync, readdirSync } from "node:fs";
import * as path from "node:path";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";
import { LAYERS, layerRules } from "../../eslint.layers.js";
import { ROOT } from "../helpers/cli.js";

/** ESLint with only the layer rules, as `npm run lint` applies them to src/. */
const eslint = new ESLint({ cwd: ROOT, overrideConfigFile: true, overrideConfig: layerRules() });

async function problems(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
  return (result?.messages ?? []).map((m) => `${m.ruleId ?? ""}: ${m.message}`);
}

describe("the layer rules of npm run lint", () => {
  it.each([
    { name: "model importing evaluate", file: "src/model/x.ts", spec: "../evaluate/engine.js" },
    { name: "metrics importing report", file: "src/metrics/x.ts", spec: "../report/escape.js" },
    { name: "policy importing evaluate", file: "src/policy/x.ts", spec: "../evaluate/engine.js" },
    { name: "a leaf importing a stage", file: "src/types.ts", spec: "./metrics/roll-up.js" },
    { name: "vocabulary importing types", file: "src/vocabulary/x.ts", spec: "../types.js" },
    { name: "a stage importing the CLI", file: "src/run/x.ts", spec: "../cli/io.js" },
    {
      name: "a nested file reaching up",
      file: "src/evaluate/d/x.ts",
      spec: "../../governance/a.js",
    },
  ])("refuses $name", async ({ file, spec }) => {
    const found = await problems(file, `import { a } from "${spec}";\nexport const b = a;\n`);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^no-restricted-imports: .*import downwards only/);
  });

  it.each([
    { name: "evaluate importing model", file: "src/evaluate/x.ts", spec: "../model/normal.js" },
    { name: "cli importing run", file: "src/cli/commands/x.ts", spec: "../../run/run-diff.js" },
    { name: "a file of its own folder", file: "src/policy/x.ts", spec: "./locate.js" },
    { name: "a stage importing types", file: "src/metrics/x.ts", spec: "../types.js" },
  ])("allows $name", async ({ file, spec }) => {
    expect(await problems(file, `import { a } from "${spec}";\nexport const b = a;\n`)).toEqual([]);
  });
});

/** Relative imports of every file under src/, as folder → folder edges. */
function folderEdges(): Map<string, Set<string>> {
  const edges = new Map<string, Set<string>>();
  const top = (file: string): string => {
    const rel = path.relative(path.join(ROOT, "src"), file).split(path.sep);
    if (rel.length > 1) return rel[0] as string;
    return rel[0] === "index.ts" || rel[0] === "index.js" ? "(index)" : "(base)";
  };
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)],
    );
  for (const file of walk(path.join(ROOT, "src")).filter((f) => f.endsWith(".ts"))) {
    const from = top(file);
    for (const m of readFileSync(file, "utf8").matchAll(/from\s+"(\.[^"]+)"/g)) {
      const to = top(path.resolve(path.dirname(file), m[1] as string));
      if (to !== from) edges.set(from, (edges.get(from) ?? new Set()).add(to));
    }
  }
  return edges;
}

describe("src/ as it stands", () => {
  it("has no folder-level import cycle", () => {
    const edges = folderEdges();
    const cycles: string[] = [];
    const reaches = (a: string, b: string, seen = new Set<string>()): boolean =>
      [...(edges.get(a) ?? [])].some(
        (n) => n === b || (!seen.has(n) && (seen.add(n), reaches(n, b, seen))),
      );
    for (const [from, tos] of edges)
      for (const to of tos) if (reaches(to, from)) cycles.push(`${from} → ${to}`);
    expect(cycles).toEqual([]);
  });

  it("has every folder in a layer", () => {
    const folders = readdirSync(path.join(ROOT, "src"), { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
    const layered = new Set(LAYERS.flat());
    expect(folders.filter((f) => !layered.has(f))).toEqual([]);
  });
});
