/** `validate --data`: the segments against real SKUs — none left out. */
import { rmSync } from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { policyFixture, runCli, tempDir } from "../helpers/cli.js";
import { demoCopy } from "../helpers/demo-cache.js";

let data: string;

beforeAll(() => {
  const dir = path.join(tempDir(), "kitebird");
  demoCopy(dir, "calm");
  data = path.join(dir, "data");
});

describe("validate --data", () => {
  it("passes when every SKU falls in one segment", () => {
    const r = runCli(["validate", "--data", data]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
  });

  it("names the SKUs no segment takes", () => {
    const dir = policyFixture();
    rmSync(path.join(dir, "policies", "segments", "long-tail.yaml"));
    // the demo's policy tests name long-tail: without the segment they are mistyped
    rmSync(path.join(dir, "policies", "tests"), { recursive: true });
    const r = runCli(["validate", "--data", data], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /skus\.csv:1:1: unassigned-skus: expected every SKU to fall in a segment, found 110 that none takes \(KB-L0001, /,
    );
  });
});
