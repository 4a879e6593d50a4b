/**
 * `stockpolicy init`: a starter policy set drawn from the outcomes — segments, targets,
 * assumptions and tolerances with where each number came from — that validates and evaluates
 * on the data it came from. Writes nothing over an existing folder without --force.
 */
import { toIsoDate } from "../../dates.js";
import { plural } from "../../findings/metric-phrases.js";
import { evaluationRequest } from "../../run/run-evaluation.js";
import { runInit } from "../../run/run-init.js";
import { escapeText } from "../../report/escape.js";
import { displayPath } from "../../paths.js";
import type { Io } from "../io.js";
import type { SharedOptions } from "../shared-options.js";

export async function initCommand(options: SharedOptions, force: boolean, io: Io): Promise<number> {
  const r = await runInit({ ...evaluationRequest(options, io.cwd, toIsoDate(io.now)), force });
  const { error, warning, info } = r.summary.findings;
  const lines = [
    `wrote ${escapeText(displayPath(io.cwd, r.dir))}/: ${plural(r.segments.length, "segment")} ` +
      `drawn from the outcomes of ${r.window.from} – ${r.window.to}`,
    ...r.segments.map((s) => `  ${escapeText(s.name)}: ${plural(s.skus, "SKU")}`),
    `evaluated on the same data as of ${r.asOf}: ${plural(error, "error")}, ${plural(warning, "warning")}, ` +
      `${info} info (${r.passes} evaluations to fit the bounds)`,
    "Each number's comment says where it came from. Before relying on it: set each owner, the currency and " +
      "the capital limit, and tighten what today's outcomes should not be allowed to stay at.",
  ];
  io.stdout(`${lines.join("\n")}\n`);
  return 0;
}
