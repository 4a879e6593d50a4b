/**
 * `stockpolicy check`: validate and evaluate for CI; the exit code comes from the findings
 * (0: nothing at or above --fail-on; 1: something is; 2: bad input). With --baseline (a findings
 * JSON from main), only findings not already there fail.
 */
import { appendFileSync } from "node:fs";
import { toIsoDate } from "../../dates.js";
import type { FailOn } from "../../findings/exit-code.js";
import { CHECK_FORMATS } from "../../report/render-check.js";
import { runCheck } from "../../run/run-check.js";
import { evaluationRequest } from "../../run/run-evaluation.js";
import type { Io } from "../io.js";
import { chosen, emit } from "../output.js";
import type { SharedOptions } from "../shared-options.js";

export interface CheckFlags {
  failOn: FailOn;
  baseline?: string;
}

export async function checkCommand(
  options: SharedOptions,
  flags: CheckFlags,
  io: Io,
): Promise<number> {
  const outcome = await runCheck({
    ...evaluationRequest(options, io.cwd, toIsoDate(io.now)),
    ...flags,
  });
  const format = chosen(CHECK_FORMATS, options.format);
  const summary = io.env.GITHUB_STEP_SUMMARY;
  if (format.summary && summary) appendFileSync(summary, format.summary(outcome));
  emit(format.render(outcome), io, undefined, format);
  return outcome.exitCode;
}
