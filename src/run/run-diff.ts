/**
 * `diff` end to end: the policies at a git revision against the working tree's, both evaluated
 * over the same outcomes and window (the SKU metrics are computed once), then compared.
 */
import { ProblemsError } from "../errors.js";
import { readGitPolicyFiles } from "../git/read-git-policies.js";
import { policyDiff } from "../governance/policy-diff.js";
import type { PolicyDiff } from "../governance/policy-diff.js";
import { validatePolicies } from "../policy/validate-policies.js";
import { resolveAsOf, withEvaluationSession } from "./run-evaluation.js";
import type { EvaluationRequest } from "./run-evaluation.js";

export async function runDiff(
  request: EvaluationRequest & { base: string },
): Promise<{ diff: PolicyDiff; currency: string }> {
  const files = readGitPolicyFiles(request.base, request.policies, request.cwd);
  const validated = validatePolicies(files, { today: request.today, dir: request.policies });
  if (!validated.policies) throw new ProblemsError(validated.problems);
  const basePolicies = validated.policies;
  return withEvaluationSession(request, async (session) => {
    const asOf = resolveAsOf(request.asOf, session.lastDate);
    const keep = { demand: true };
    const head = await session.evaluateAt(asOf, { reuse: true, keep });
    const base = await session.evaluateAt(asOf, { policies: basePolicies, keep });
    return {
      diff: policyDiff(
        request.base,
        { policies: basePolicies, result: base },
        { policies: session.policies, result: head },
      ),
      currency: session.policies.tolerance.value.currency,
    };
  });
}
