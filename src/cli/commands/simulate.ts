/** `stockpolicy simulate`: replay each segment's policy over the actual history. */
import { mkdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { toIsoDate } from "../../dates.js";
import { SIMULATION_RENDERERS } from "../../report/render-simulation.js";
import { runSimulate } from "../../run/run-simulate.js";
import type { Io } from "../io.js";
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
  if (options.out) {
    const file = path.resolve(io.cwd, options.out);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  } else io.stdout(text);
  return 0;
}
