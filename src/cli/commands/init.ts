/**
 * `stockpolicy init`: a starter policy set drawn from the outcomes — segments, targets,
 * assumptions and tolerances with where each number came from — that validates and evaluates
 * on the data it came from. Writes nothing over an existing folder without --force; --explain
 * shows the segmentation as a table.
 */
import { toIsoDate } from "../../dates.js";
import { evaluationRequest } from "../../run/run-evaluation.js";
import { runInit } from "../../run/run-init.js";
import { renderInit } from "../../report/render-init.js";
import { displayPath } from "../../paths.js";
import type { Io } from "../io.js";
import type { SharedOptions } from "../shared-options.js";

export async function initCommand(
  options: SharedOptions,
  flags: { force: boolean; explain: boolean },
  io: Io,
): Promise<number> {
  const r = await runInit({
    ...evaluationRequest(options, io.cwd, toIsoDate(io.now)),
    force: flags.force,
  });
  io.stdout(renderInit(r, { explain: flags.explain, dir: displayPath(io.cwd, r.dir) }));
  return 0;
}
