/** `stockpolicy allocate`: the fill-rate targets that put the capital where it serves most. */
import { toIsoDate } from "../../dates.js";
import type { AllocationObjective } from "../../governance/allocate.js";
import { ALLOCATION_FORMATS } from "../../report/render-allocation.js";
import { runAllocate } from "../../run/run-allocate.js";
import type { Io } from "../io.js";
import { chosen, emit } from "../output.js";
import type { SharedOptions } from "../shared-options.js";

export async function allocateCommand(
  options: SharedOptions,
  asked: { from?: string; to?: string; budget?: number; objective: AllocationObjective },
  io: Io,
): Promise<number> {
  const run = await runAllocate({
    policies: options.policies,
    db: options.db,
    ...(options.data ? { data: options.data } : {}),
    ...(options.threads !== undefined ? { threads: options.threads } : {}),
    cwd: io.cwd,
    today: toIsoDate(io.now),
    ...asked,
  });
  emit(chosen(ALLOCATION_FORMATS, options.format).render(run), io, options.out);
  return 0;
}
