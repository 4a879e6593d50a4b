/** `stockpolicy evaluate`: compute metrics, assign segments, run every check, print findings. */
import { toIsoDate } from "../../dates.js";
import { EVALUATION_FORMATS } from "../../report/render-evaluation.js";
import { evaluationRequest, runEvaluation } from "../../run/run-evaluation.js";
import type { Io } from "../io.js";
import { chosen, emit } from "../output.js";
import type { SharedOptions } from "../shared-options.js";

export async function evaluateCommand(options: SharedOptions, io: Io): Promise<number> {
  // The output is written before the run is stored: if it cannot be, the run is not recorded.
  await runEvaluation(evaluationRequest(options, io.cwd, toIsoDate(io.now)), ({ document }) =>
    emit(chosen(EVALUATION_FORMATS, options.format).render(document), io, options.out),
  );
  return 0;
}
