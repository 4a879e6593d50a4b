/** `stockpolicy simulate`: replay each segment's policy over the actual history. */
import { toIsoDate } from "../../dates.js";
import { SIMULATION_FORMATS } from "../../report/render-simulation.js";
import { runSimulate } from "../../run/run-simulate.js";
import type { Io } from "../io.js";
import { chosen, emit } from "../output.js";
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
    ...(options.threads !== undefined ? { threads: options.threads } : {}),
    cwd: io.cwd,
    today: toIsoDate(io.now),
    ...period,
  });
  emit(chosen(SIMULATION_FORMATS, options.format).render(simulation), io, options.out);
  return 0;
}
