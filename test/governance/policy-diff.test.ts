/** Policy fields compared by JSON pointer, and the diff's Markdown kept short whatever the change. */
import { describe, expect, it } from "vitest";
import type { Finding } from "../../src/findings/finding.js";
import { fieldChanges, flatten } from "../../src/governance/policy-diff.js";
import type { PolicyDiff } from "../../src/governance/policy-diff.js";
import { DIFF_ROWS, renderDiffMarkdown } from "../../src/report/render-diff.js";
import type { LoadedPolicy, PolicySet } from "../../src/types.js";

describe("flatten", () => {
  it("gives every leaf its JSON pointer, escaping / and ~", () => {
    expect([...flatten({ a: { "b/c": 1, "d~": [true, { e: null }] }, f: [], g: {} })]).toEqual([
      ["/a/b~1c", 1],
      ["/a/d~0/0", true],
      ["/a/d~0/1/e", null],
      ["/f", []],
      ["/g", {}],
    ]);
  });
});

const loaded = <T>(file: string, value: T): LoadedPolicy<T> => ({
  file,
  value,
  positions: {
    "": { file, line: 1, column: 1 },
    "/targets/fillRate": { file, line: 9, column: 13 },
  },
  keyPositions: {},
});
const meta = (name: string) => ({
  name,
  version: 1,
  owner: "o@example.com",
  reviewedOn: "2026-01-01",
  reviewEveryDays: 90,
});
const set = (segments: { name: string; fillRate: number }[]): PolicySet =>
  ({
    tolerance: loaded("t.yaml", { kind: "RiskTolerance", metadata: meta("co") }),
    segments: segments.map((s) =>
      loaded(`${s.name}.yaml`, {
        kind: "SegmentPolicy",
        metadata: meta(s.name),
        targets: { fillRate: s.fillRate },
      }),
    ),
    checks: [],
    exceptions: [],
    tests: [],
  }) as unknown as PolicySet;

describe("field changes", () => {
  it("changed, added and removed policies", () => {
    const changes = fieldChanges(
      set([
        { name: "a", fillRate: 0.9 },
        { name: "gone", fillRate: 0.8 },
      ]),
      set([
        { name: "a", fillRate: 0.95 },
        { name: "new", fillRate: 0.7 },
      ]),
    );
    expect(
      changes.map((c) => [
        c.policy,
        c.field,
        c.before === null ? null : c.field ? c.before : "policy",
        c.after === null ? null : c.field ? c.after : "policy",
        c.source?.line,
      ]),
    ).toEqual([
      ["a", "/targets/fillRate", 0.9, 0.95, 9],
      ["new", "", null, "policy", 1],
      ["gone", "", "policy", null, 1],
    ]);
  });
});

describe("diff Markdown", () => {
  it("stays under GitHub's comment limit, counting what it leaves out", () => {
    const long = "x".repeat(2000);
    const finding = (i: number): Finding =>
      ({ id: `check:sku/S${i}:c`, severity: "warning", message: long }) as unknown as Finding;
    const diff: PolicyDiff = {
      schemaVersion: 1,
      base: "main",
      asOf: "2026-10-31",
      window: { from: "2026-08-03", to: "2026-10-31" },
      fields: Array.from({ length: 500 }, (_, i) => ({
        kind: "SegmentPolicy",
        policy: `p${i}`,
        field: `/match/all/${i}/value`,
        before: long,
        after: long,
        source: { file: "p.yaml", line: i + 1, column: 1 },
      })),
      moves: Array.from({ length: 300 }, (_, i) => ({
        from: `a${i}`,
        to: `b${i}`,
        skus: Array.from({ length: 50 }, (_, k) => `S${k}`),
      })),
      segments: [],
      findings: {
        appear: Array.from({ length: 400 }, (_, i) => finding(i)),
        go: [],
        waived: [],
        unwaived: [],
      },
      exceptions: [],
      implied: { before: { capital: 1, fillRate: 0.9 }, after: { capital: 2, fillRate: 0.95 } },
      summary: {
        base: { error: 0, warning: 0, info: 0 },
        head: { error: 0, warning: 400, info: 0 },
      },
      allocation: {
        from: "2025-11-01",
        to: "2026-10-31",
        targets: Array.from({ length: 300 }, (_, i) => ({
          segment: `p${i}`,
          before: 0.9,
          after: 0.95,
          proposed: 0.99,
          direction: "towards" as const,
        })),
      },
    };
    const md = renderDiffMarkdown(diff);
    expect(md.length).toBeLessThan(20_000);
    expect(md).toContain(`… and ${500 - DIFF_ROWS} more fields.`);
    expect(md).toContain(`… and ${300 - DIFF_ROWS} more moves.`);
    expect(md).toContain(`… and ${400 - DIFF_ROWS} more findings.`);
    expect(md).toContain(`… and ${300 - DIFF_ROWS} more targets.`);
  });
});
