/** `stockpolicy diff --base REF`: what the working tree's policy change does, for a pull request. */
import { toIsoDate } from "../../dates.js";
import { renderDiffMarkdown } from "../../report/render-diff.js";
import { runDiff } from "../../run/run-diff.js";
import { evaluationRequest } from "../../run/run-evaluation.js";
import type { Io } from "../io.js";
import { writeOutput } from "../output.js";
import type { SharedOptions } from "../shared-options.js";

export async function diffCommand(options: SharedOptions, base: string, io: Io): Promise<number> {
  const { diff, currency } = await runDiff({
    ...evaluationRequest(options, io.cwd, toIsoDate(io.now)),
    base,
  });
  const text =
    options.format === "json"
      ? `${JSON.stringify(diff, null, 2)}\n`
      : renderDiffMarkdown(diff, currency);
  writeOutput(text, options.out, io);
  return 0;
}
