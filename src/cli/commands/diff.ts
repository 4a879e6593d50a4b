/** `stockpolicy diff --base REF`: what the working tree's policy change does, for a pull request. */
import { toIsoDate } from "../../dates.js";
import { DIFF_FORMATS } from "../../report/render-diff.js";
import { runDiff } from "../../run/run-diff.js";
import { evaluationRequest } from "../../run/run-evaluation.js";
import type { Io } from "../io.js";
import { chosen, emit } from "../output.js";
import type { SharedOptions } from "../shared-options.js";

export async function diffCommand(options: SharedOptions, base: string, io: Io): Promise<number> {
  const result = await runDiff({ ...evaluationRequest(options, io.cwd, toIsoDate(io.now)), base });
  emit(chosen(DIFF_FORMATS, options.format).render(result), io, options.out);
  return 0;
}
