/**
 * `allocate` end to end: the replay window (as `simulate`), every segment's frontier over it,
 * and the targets that serve the most within the budget (default: the RiskTolerance's
 * capital.max, else the capital today's targets replay at), with each changed segment's
 * policy file read for the patch.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { allocate, allocationBounds } from "../governance/allocate.js";
import type { AllocationObjective, AllocationRun } from "../governance/allocate.js";
import { frontiers, todayCapital } from "../governance/frontier.js";
import { targetPatch } from "../report/render-target-patch.js";
import { withReplayWindow } from "./run-simulate.js";
import type { ReplayRequest } from "./run-simulate.js";

export async function runAllocate(
  request: ReplayRequest & { budget?: number; objective: AllocationObjective },
): Promise<AllocationRun> {
  return withReplayWindow(request, ({ from, to, portfolio, replays, session }) => {
    const { policies } = session;
    const tolerance = policies.tolerance.value;
    const f = frontiers(portfolio, replays, tolerance.economics?.holdingCostRate);
    const max = tolerance.portfolio.capital?.max;
    const today = todayCapital(f);
    const budget = request.budget ?? max ?? today;
    const budgetSource =
      request.budget !== undefined ? "budget" : max !== undefined ? "capital.max" : "today";
    const allocation = allocate(f, {
      budget,
      objective: request.objective,
      bounds: allocationBounds(policies),
    });
    const patch = allocation.segments
      .filter((a) => a.proposed.target !== a.current.target)
      .map((a) => {
        const policy = policies.segments.find((s) => s.value.metadata.name === a.name);
        const at = policy?.positions["/targets/fillRate"];
        if (!policy || !at) return "";
        const text = readFileSync(path.resolve(request.cwd, policy.file), "utf8");
        const file = { file: policy.file, line: at.line, column: at.column, text };
        return targetPatch(file, a.proposed.target);
      })
      .join("");
    return {
      from,
      to,
      currency: tolerance.currency,
      budgetSource,
      frontiers: f,
      allocation,
      patch,
    };
  });
}
