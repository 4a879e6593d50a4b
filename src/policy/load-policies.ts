import { sortProblems } from "../errors.js";
import { readPolicyFiles } from "./read-policy-files.js";
import { validatePolicies } from "./validate-policies.js";
import type { PolicyValidation } from "./validate-policies.js";

/**
 * Reads and validates a policy folder: the one entry point that does I/O.
 *
 * @example const { policies, problems } = await loadPolicies("policies", { cwd, today: "2026-11-26" })
 */
export async function loadPolicies(
  dir: string,
  options: { cwd: string; today: string },
): Promise<PolicyValidation> {
  const read = await readPolicyFiles(dir, options.cwd);
  const validated = validatePolicies(read.files, { today: options.today, dir });
  if (read.problems.length === 0) return validated;
  return { problems: sortProblems([...read.problems, ...validated.problems]) };
}
