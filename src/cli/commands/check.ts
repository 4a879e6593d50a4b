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
import { chosen, emit, writeOutput } from "../output.js";
import { renderJunit } from "../../report/render-junit.js";
import { renderSarif } from "../../report/render-sarif.js";
import type { SharedOptions } from "../shared-options.js";

export interface CheckFlags {
  failOn: FailOn;
  baseline?: string;
  /** Also write SARIF to this file. */
  sarif?: string;
  /** Also write JUnit XML to this file. */
  junit?: string;
}

export async function checkCommand(
  options: SharedOptions,
  flags: CheckFlags,
  io: Io,
): Promise<number> {
  const { sarif, junit, ...check } = flags;
  const outcome = await runCheck({
    ...evaluationRequest(options, io.cwd, toIsoDate(io.now)),
    ...check,
  });
  if (sarif) writeOutput(renderSarif(outcome), sarif, io);
  if (junit) writeOutput(renderJunit(outcome), junit, io);
  const format = chosen(CHECK_FORMATS, options.format);
  const summary = io.env.GITHUB_STEP_SUMMARY;
  if (format.summary && summary) appendFileSync(summary, format.summary(outcome));
  emit(format.render(outcome), io, undefined, format);
  return outcome.exitCode;
}
