/** `stockpolicy validate`: parse and check every policy file, print every problem. */
import { toIsoDate } from "../../dates.js";
import { formatProblem } from "../../errors.js";
import { loadPolicies } from "../../policy/load-policies.js";
import { policySummary } from "../../policy/policy-summary.js";
import type { Io } from "../io.js";
import type { SharedOptions } from "../shared-options.js";
import * as path from "node:path";
import type { Problem } from "../../errors.js";
import { EXAMPLES } from "../../evaluate/materiality.js";
import { displayPath } from "../../paths.js";
import { evaluationRequest, runEvaluation } from "../../run/run-evaluation.js";

/**
 * With --data: the segments against real SKUs. Every SKU should fall in a segment; the ones no
 * segment takes are a problem. (Two segments of equal priority that can both match are already
 * refused without data, by the overlap rule, which errs toward "can overlap".)
 */
async function coverageProblems(options: SharedOptions, io: Io): Promise<Problem[]> {
  const { portfolio } = await runEvaluation({
    ...evaluationRequest(options, io.cwd, toIsoDate(io.now)),
    record: false,
  });
  const problems: Problem[] = [];
  const skusFile = displayPath(io.cwd, path.join(options.data ?? "", "skus.csv"));
  const examples = (names: string[]): string =>
    names.slice(0, EXAMPLES).join(", ") + (names.length > EXAMPLES ? ", …" : "");
  if (portfolio.unassigned.length > 0) {
    const names = portfolio.unassigned.map((s) => s.sku);
    problems.push({
      file: skusFile,
      line: 1,
      column: 1,
      code: "unassigned-skus",
      message: `expected every SKU to fall in a segment, found ${names.length} that none takes (${examples(names)})`,
    });
  }
  return problems;
}

export async function validateCommand(options: SharedOptions, io: Io): Promise<number> {
  const loaded = await loadPolicies(options.policies, {
    cwd: io.cwd,
    today: toIsoDate(io.now),
  });
  const { policies } = loaded;
  const problems = policies && options.data ? await coverageProblems(options, io) : loaded.problems;
  const files = new Set(problems.map((p) => p.file)).size;
  if (options.format === "json") {
    const summary = policies
      ? {
          tolerance: policies.tolerance.value.metadata.name,
          segments: policies.segments.map(policySummary),
          checks: policies.checks.map(policySummary),
        }
      : null;
    io.stdout(
      `${JSON.stringify({ valid: problems.length === 0, policies: summary, problems }, null, 2)}\n`,
    );
    return problems.length === 0 ? 0 : 2;
  }
  if (!policies || problems.length > 0) {
    for (const p of problems) io.stderr(`${formatProblem(p)}\n`);
    io.stderr(
      `${problems.length} problem${problems.length === 1 ? "" : "s"} in ${files} file${files === 1 ? "" : "s"}\n`,
    );
    return 2;
  }
  const count = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;
  io.stdout(
    `${options.policies}: valid — 1 risk tolerance, ${count(policies.segments.length, "segment")}, ${count(policies.checks.length, "check")}\n`,
  );
  return 0;
}
