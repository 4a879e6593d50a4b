/** `stockpolicy test`: run the policies' unit tests (policies/tests/*.yaml), print the results. */
import { toIsoDate } from "../../dates.js";
import { POLICY_TEST_FORMATS, policyTestExitCode } from "../../report/render-policy-tests.js";
import { runPolicyTests } from "../../run/run-policy-tests.js";
import type { Io } from "../io.js";
import { chosen, emit } from "../output.js";
import type { SharedOptions } from "../shared-options.js";

export async function testCommand(options: SharedOptions, io: Io): Promise<number> {
  const report = await runPolicyTests({
    policies: options.policies,
    cwd: io.cwd,
    today: toIsoDate(io.now),
  });
  emit(chosen(POLICY_TEST_FORMATS, options.format).render(report), io);
  return policyTestExitCode(report);
}
