/** `stockpolicy validate`: parse and check every policy file, print every problem. */
import { toIsoDate } from "../../dates.js";
import { VALIDATION_FORMATS, validationExitCode } from "../../report/render-validation.js";
import { evaluationRequest } from "../../run/run-evaluation.js";
import { runValidate } from "../../run/run-validate.js";
import type { Io } from "../io.js";
import { chosen, emit } from "../output.js";
import type { SharedOptions } from "../shared-options.js";

export async function validateCommand(options: SharedOptions, io: Io): Promise<number> {
  const result = await runValidate(evaluationRequest(options, io.cwd, toIsoDate(io.now)));
  emit(chosen(VALIDATION_FORMATS, options.format).render(result), io);
  return validationExitCode(result);
}
