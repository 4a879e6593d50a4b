/**
 * The example GitHub Actions workflows: valid YAML, triggered as documented, and every
 * stockpolicy command they run exists with every flag they pass (so a renamed flag breaks this
 * test, not a user's pull request).
 */
import { readFileSync, readdirSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ROOT, runCli } from "./helpers/cli.js";

const DIR = path.join(ROOT, ".github", "workflows");

interface Workflow {
  on: Record<string, unknown>;
  jobs: Record<string, { steps: { run?: string }[] }>;
}

const workflows = readdirSync(DIR)
  .filter((f) => f.endsWith(".yml"))
  .sort()
  .map((f) => ({ file: f, doc: parse(readFileSync(path.join(DIR, f), "utf8")) as Workflow }));

const invocations = (doc: Workflow): string[] =>
  Object.values(doc.jobs)
    .flatMap((j) => j.steps.map((s) => s.run ?? ""))
    .flatMap((run) => run.split("\n"))
    .flatMap((line) =>
      [...line.matchAll(/node bin\/stockpolicy\.js ([^|;&>]*)/g)].map((m) => m[1] ?? ""),
    );

describe("example workflows", () => {
  it("a pull-request one and a monthly one", () => {
    expect(workflows.map((w) => w.file)).toEqual(["monthly-report.yml", "policy-pull-request.yml"]);
    const monthly = workflows[0]?.doc;
    const pr = workflows[1]?.doc;
    expect(Object.keys(pr?.on ?? {})).toEqual(["pull_request"]);
    expect(Object.keys(monthly?.on ?? {})).toEqual(["schedule", "workflow_dispatch"]);
    expect(invocations(pr as Workflow).map((i) => i.split(" ")[0])).toEqual(["demo"]);
    // the checking itself is the repository's own action (action.yml, tested in action.test.ts)
    const uses = Object.values(pr?.jobs ?? {}).flatMap((j) =>
      j.steps.map((s) => (s as { uses?: string }).uses ?? ""),
    );
    expect(uses).toContain("./");
    expect(invocations(monthly as Workflow).map((i) => i.split(" ")[0])).toEqual([
      "demo",
      "report",
    ]);
  });

  it.each(workflows.flatMap((w) => invocations(w.doc).map((i) => [w.file, i] as const)))(
    "%s runs `%s` with flags the CLI has",
    (_, invocation) => {
      const command = invocation.split(" ")[0] as string;
      const help = runCli([command, "--help"]);
      expect(help.code).toBe(0);
      for (const flag of invocation.match(/--[a-z-]+/g) ?? []) expect(help.stdout).toContain(flag);
    },
  );
});
