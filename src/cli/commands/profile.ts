/** `stockpolicy profile`: every SKU's metrics with their evidence, what the data supports, what each file covers. */
import { toIsoDate } from "../../dates.js";
import { PROFILE_FORMATS } from "../../report/render-profile.js";
import { evaluationRequest } from "../../run/run-evaluation.js";
import { runProfile } from "../../run/run-profile.js";
import type { Io } from "../io.js";
import { chosen, emit } from "../output.js";
import type { SharedOptions } from "../shared-options.js";

export async function profileCommand(options: SharedOptions, io: Io): Promise<number> {
  const profile = await runProfile(evaluationRequest(options, io.cwd, toIsoDate(io.now)));
  emit(chosen(PROFILE_FORMATS, options.format).render(profile), io, options.out);
  return 0;
}
