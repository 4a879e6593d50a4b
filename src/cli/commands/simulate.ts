/** `stockpolicy simulate`: replay each segment's policy over the actual history. */
import { toIsoDate } from "../../dates.js";
import { SIMULATION_RENDERERS } from "../../report/render-simulation.js";
import { runSimulate } from "../../run/run-simulate.js";
import type { Io } from "../io.js";
import { writeOutput } from "../output.js";
import type { SharedOptions } from "../shared-options.js";

export async function simulateCommand(
  options: SharedOptions,
  period: { from?: string; to?: string },
  io: Io,
): Promise<number> {
  const simulation = await runSimulate({
    policies: options.policies,
    db: options.db,
    ...(options.data ? { data: options.data } : {}),
    cwd: io.cwd,
    today: toIsoDate(io.now),
    ...period,
  });
  const text =
    SIMULATION_RENDERERS[options.format as keyof typeof SIMULATION_RENDERERS](simulation);
  writeOutput(text, options.out, io);
  return 0;
}
