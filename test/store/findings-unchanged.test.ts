/**
 * The speed work (one ordered scan a table, compiled rules) must not change what the tool
 * finds. Each case's findings document, from the real CLI, is compared byte for byte with the
 * one the code before that work printed (test/fixtures/findings/, written at commit 33864d0 by
 * running this file with UPDATE_FINDINGS=1 there). Demo companies, their earlier as-of dates and
 * shorter windows, the small contract data set and the real retail sample, all with the demo's
 * policies. One change since, on purpose: demo-2026-06-30-13w gained the expedite-rate bound's
 * breach, which the expedite trend (the same id then) had silently replaced; the rest of that
 * document is the same bytes. And the demo's policies gained three exceptions
 * (policies/exceptions/): every document gained the findings about them (expired, unused,
 * routine) and the `waived` mark on what they cover; every other finding is the same.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ROOT, runCli, tempDir } from "../helpers/cli.js";
import { dataset, sharedDataset } from "../helpers/data.js";
import { demoCopy } from "../helpers/demo-cache.js";
import type { DemoKind } from "../helpers/demo-cache.js";

const GOLDEN = path.join(ROOT, "test", "fixtures", "findings");
const POLICIES = path.join(ROOT, "policies");

interface Case {
  name: string;
  data: () => string;
  args: readonly string[];
}

const demos = new Map<DemoKind, string>();
const demoData = (kind: DemoKind) => (): string => {
  if (!demos.has(kind)) demos.set(kind, demoCopy(path.join(tempDir(), kind), kind));
  return path.join(demos.get(kind) as string, "data");
};

const CASES: readonly Case[] = [
  { name: "demo", data: demoData("episodes"), args: [] },
  {
    name: "demo-2026-06-30-13w",
    data: demoData("episodes"),
    args: ["--as-of", "2026-06-30", "--window", "13w"],
  },
  {
    name: "demo-2025-12-31-30d",
    data: demoData("episodes"),
    args: ["--as-of", "2025-12-31", "--window", "30d"],
  },
  { name: "demo-calm", data: demoData("calm"), args: [] },
  { name: "demo-small-28d", data: demoData("small"), args: ["--window", "28d"] },
  { name: "contract-small", data: () => dataset(), args: [] },
  { name: "freshretail-sample", data: () => sharedDataset("freshretail-sample"), args: [] },
];

/** The cases read in shards too: a reference window, a shorter one, the real sample. */
const SHARDED = new Set(["demo", "demo-2026-06-30-13w", "freshretail-sample"]);

describe("the findings documents are those of the code before the speed work", () => {
  beforeAll(() => {
    if (process.env.UPDATE_FINDINGS) mkdirSync(GOLDEN, { recursive: true });
  });
  it.each([
    ...CASES.map((c) => ({ ...c, threads: "1" })),
    ...CASES.filter((c) => SHARDED.has(c.name)).map((c) => ({ ...c, threads: "3" })),
  ])("$name, read by $threads thread(s)", ({ name, data, args, threads }) => {
    const r = runCli([
      "evaluate",
      "--policies",
      POLICIES,
      "--data",
      data(),
      "--format",
      "json",
      "--threads",
      threads,
      ...args,
    ]);
    expect(r.stderr).toBe("");
    expect([0, 1]).toContain(r.code);
    const file = path.join(GOLDEN, `${name}.json`);
    if (process.env.UPDATE_FINDINGS && threads === "1") writeFileSync(file, r.stdout);
    expect(existsSync(file)).toBe(true);
    const findings = (JSON.parse(r.stdout) as { findings: unknown[] }).findings;
    expect(findings.length).toBeGreaterThan(0);
    expect(r.stdout).toBe(readFileSync(file, "utf8"));
  });
});
