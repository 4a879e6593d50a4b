/** `stockpolicy explain SKU`: the SKU's metrics, its segment and why, and the findings about it. */
import { toIsoDate } from "../../dates.js";
import { EXPLAIN_FORMATS } from "../../report/render-explanation.js";
import { evaluationRequest } from "../../run/run-evaluation.js";
import { runExplain } from "../../run/run-explain.js";
import type { Io } from "../io.js";
import { chosen, emit } from "../output.js";
import type { SharedOptions } from "../shared-options.js";

export async function explainCommand(sku: string, options: SharedOptions, io: Io): Promise<number> {
  const explanation = await runExplain({
    ...evaluationRequest(options, io.cwd, toIsoDate(io.now)),
    explain: sku,
  });
  emit(chosen(EXPLAIN_FORMATS, options.format).render(explanation), io);
  return 0;
}
