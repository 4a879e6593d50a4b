/**
 * `stockpolicy test` end to end: load the policies with their tests, check that every scenario's
 * data folder is there (all missing ones at once, exit 2), run the segment and check cases, and
 * evaluate each scenario's data in a throwaway store with the policies under test.
 */
import { statSync } from "node:fs";
import * as path from "node:path";
import { parseWindow } from "../dates.js";
import type { Problem } from "../errors.js";
import { ProblemsError } from "../errors.js";
import {
  judgeScenario,
  runCheckCases,
  runSegmentCases,
  uncovered,
} from "../evaluate/policy-tests.js";
import type { CaseResult, PolicyTestReport } from "../evaluate/policy-tests.js";
import { displayPath } from "../paths.js";
import { loadPolicies } from "../policy/load-policies.js";
import { locate } from "../policy/locate.js";
import type { LoadedPolicy, PolicyTest } from "../types.js";
import { runEvaluation } from "./run-evaluation.js";

export interface PolicyTestRequest {
  policies: string;
  cwd: string;
  today: string;
}

const DEFAULT_WINDOW = "90d";

/** A scenario's data folder, resolved beside its test file. */
const dataDir = (test: LoadedPolicy<PolicyTest>, data: string, cwd: string): string =>
  path.resolve(path.dirname(path.resolve(cwd, test.file)), data);

/** Every scenario whose data folder is not a folder: a problem at its line. */
function missingData(tests: readonly LoadedPolicy<PolicyTest>[], cwd: string): Problem[] {
  return tests.flatMap((t) =>
    (t.value.scenarios ?? []).flatMap((c, i): Problem[] => {
      const dir = dataDir(t, c.data, cwd);
      if (statSync(dir, { throwIfNoEntry: false })?.isDirectory()) return [];
      return [
        {
          ...locate(t.positions, `/scenarios/${i}/data`, t.file),
          code: "missing-file",
          message: `expected a data folder at ${displayPath(cwd, dir)} (relative to the test file), found none`,
        },
      ];
    }),
  );
}

export async function runPolicyTests(request: PolicyTestRequest): Promise<PolicyTestReport> {
  const { policies, problems } = await loadPolicies(request.policies, request);
  if (!policies) throw new ProblemsError(problems);
  const missing = missingData(policies.tests, request.cwd);
  if (missing.length > 0) throw new ProblemsError(missing);
  const cases: CaseResult[] = [];
  for (const test of policies.tests) {
    cases.push(
      ...(await runSegmentCases(test, policies)),
      ...(await runCheckCases(test, policies)),
    );
    for (const [i, c] of (test.value.scenarios ?? []).entries()) {
      const { document } = await runEvaluation({
        policies: request.policies,
        db: "",
        data: dataDir(test, c.data, request.cwd),
        window: parseWindow(c.window ?? DEFAULT_WINDOW) ?? { amount: 90, unit: "d" },
        cwd: request.cwd,
        today: request.today,
        record: false,
      });
      cases.push(judgeScenario(test, i, document.findings));
    }
  }
  const failed = cases.filter((c) => c.failures.length > 0).length;
  return {
    files: policies.tests.map((t) => t.file),
    cases,
    uncovered: uncovered(policies),
    summary: { cases: cases.length, passed: cases.length - failed, failed },
  };
}
