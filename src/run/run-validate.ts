/**
 * `validate` end to end: load and check every policy file; with --data, also check the
 * segments against real SKUs (every SKU should fall in a segment).
 */
import * as path from "node:path";
import type { Problem } from "../errors.js";
import { EXAMPLES } from "../evaluate/materiality.js";
import { displayPath } from "../paths.js";
import { loadPolicies } from "../policy/load-policies.js";
import type { ValidationResult } from "../report/render-validation.js";
import { runEvaluation } from "./run-evaluation.js";
import type { EvaluationRequest } from "./run-evaluation.js";

export async function runValidate(request: EvaluationRequest): Promise<ValidationResult> {
  const loaded = await loadPolicies(request.policies, { cwd: request.cwd, today: request.today });
  const problems =
    loaded.policies && request.data ? await coverageProblems(request) : loaded.problems;
  return { dir: request.policies, policies: loaded.policies, problems };
}

/**
 * The segments against real SKUs: the ones no segment takes are a problem. (Two segments of
 * equal priority that can both match are already refused without data, by the overlap rule,
 * which errs toward "can overlap".)
 */
async function coverageProblems(request: EvaluationRequest): Promise<Problem[]> {
  const { portfolio } = await runEvaluation({ ...request, record: false });
  if (portfolio.unassigned.length === 0) return [];
  const names = portfolio.unassigned.map((s) => s.sku);
  const examples = names.slice(0, EXAMPLES).join(", ") + (names.length > EXAMPLES ? ", …" : "");
  return [
    {
      file: displayPath(request.cwd, path.join(request.data ?? "", "skus.csv")),
      line: 1,
      column: 1,
      code: "unassigned-skus",
      message: `expected every SKU to fall in a segment, found ${names.length} that none takes (${examples})`,
    },
  ];
}
