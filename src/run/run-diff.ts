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
import type { EvaluationRequest, EvaluationSession } from "./run-evaluation.js";
import { readReplayYear } from "./run-simulate.js";
import { sameCapitalAllocation, targetDirections } from "../governance/allocate.js";
import type { PolicySet } from "../types.js";

export async function runDiff(
  request: EvaluationRequest & { base: string },
): Promise<{ diff: PolicyDiff; currency: string }> {
  const files = readGitPolicyFiles(request.base, request.policies, request.cwd);
  const validated = validatePolicies(files, { today: request.today, dir: request.policies });
  if (!validated.policies) throw new ProblemsError(validated.problems);
  const basePolicies = validated.policies;
  return withEvaluationSession({ ...request, readOnly: true }, async (session) => {
    const asOf = resolveAsOf(request.asOf, session);
    const keep = { demand: true };
    // Both versions' segments are assigned on this read when the thresholds agree (below).
    const skus = await session.readSkus(asOf, {
      keep,
      segmentedBy: [session.policies, basePolicies],
    });
    const head = await session.evaluateSkus(skus);
    // The same SKU metrics serve both versions unless the base counts overrides differently.
    const sameThreshold =
      basePolicies.tolerance.value.overrides.threshold === skus.overrideThreshold;
    const baseSkus = sameThreshold
      ? skus
      : await session.readSkus(asOf, { policies: basePolicies, keep });
    const base = await session.evaluateSkus(baseSkus, { policies: basePolicies });
    return {
      diff: policyDiff(
        request.base,
        { policies: basePolicies, result: base },
        { policies: session.policies, result: head },
        await baseAllocation(session, asOf, basePolicies),
      ),
      currency: session.policies.tolerance.value.currency,
    };
  });
}

/**
 * Where the base policies' capital would serve most margin, replayed over the year to `asOf`,
 * and how each changed fill-rate target moves against it; null without a year's replay.
 */
async function baseAllocation(
  session: EvaluationSession,
  asOf: string,
  base: PolicySet,
): Promise<PolicyDiff["allocation"]> {
  const head = session.policies;
  const changed = base.segments.some((b) => {
    const h = head.segments.find((x) => x.value.metadata.name === b.value.metadata.name);
    return h !== undefined && h.value.targets.fillRate !== b.value.targets.fillRate;
  });
  const year = changed ? await readReplayYear(session, asOf, base) : undefined;
  if (!year) return null;
  const { from } = year;
  const { allocation } = sameCapitalAllocation(year, base);
  return { from, to: asOf, targets: targetDirections(allocation, base, head) };
}
