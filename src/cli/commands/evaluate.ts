/** `stockpolicy evaluate`: compute metrics, assign segments, run every check, print findings. */
import { toIsoDate } from "../../dates.js";
import { EVALUATION_RENDERERS } from "../../report/render-evaluation.js";
import { evaluationRequest, runEvaluation } from "../../run/run-evaluation.js";
import type { Io } from "../io.js";
import { writeOutput } from "../output.js";
import type { SharedOptions } from "../shared-options.js";

export async function evaluateCommand(options: SharedOptions, io: Io): Promise<number> {
  const { document } = await runEvaluation(evaluationRequest(options, io.cwd, toIsoDate(io.now)));
  const text = EVALUATION_RENDERERS[options.format as keyof typeof EVALUATION_RENDERERS](document);
  writeOutput(text, options.out, io);
  return 0;
}
