import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { parseYaml } from "../../src/policy/parse-yaml.js";

describe("parseYaml", () => {
  it("records the position of every value and key", () => {
    const r = parseYaml("a.yaml", "top:\n  list:\n    - { x: 1 }\n  'quoted key': yes\n");
    expect(r.problems).toEqual([]);
    expect(r.positions["/top/list/0/x"]).toEqual({ file: "a.yaml", line: 3, column: 12 });
    expect(r.keyPositions["/top/quoted key"]).toEqual({ file: "a.yaml", line: 4, column: 3 });
    expect(r.positions["/top/quoted key"]).toEqual({ file: "a.yaml", line: 4, column: 17 });
  });

  it("keeps dates and yes/no as text (YAML 1.2 core schema)", () => {
    expect(parseYaml("a.yaml", "d: 2026-01-01\nb: yes\nn: 0x10\n").data).toEqual({
      d: "2026-01-01",
      b: "yes",
      n: 16,
    });
  });

  it("escapes JSON pointer segments", () => {
    const r = parseYaml("a.yaml", "'a/b': { '~c': 1 }\n");
    expect(r.positions["/a~1b/~0c"]).toEqual({ file: "a.yaml", line: 1, column: 16 });
  });

  it("round-trips: parse → stringify → parse gives the same data", () => {
    const text =
      "apiVersion: stockpolicy/v1\nassumptions:\n  demandCv: { max: 0.5 }\nlist: [a, 'b: c', \"d\\n\"]\n";
    const first = parseYaml("a.yaml", text).data;
    expect(parseYaml("b.yaml", stringify(first)).data).toEqual(first);
  });

  it("allows a bounded number of aliases", () => {
    const r = parseYaml("a.yaml", "base: &b { max: 1 }\nx: *b\ny: *b\n");
    expect(r.problems).toEqual([]);
    expect(r.data).toEqual({ base: { max: 1 }, x: { max: 1 }, y: { max: 1 } });
  });
});
