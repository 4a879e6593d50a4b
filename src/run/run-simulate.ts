/**
 * `simulate` end to end: the window from --from to --to (default: the data's last 365 days),
 * SKU metrics and segments over it, then every segment's policy replayed over that history,
 * and each segment's capital–service frontier.
 */
import { dayNumber, dateOfDay } from "../dates.js";
import { RunError } from "../errors.js";
import type { SegmentedPortfolio } from "../evaluate/segment-portfolio.js";
import { frontiers } from "../governance/frontier.js";
import { MIN_REPLAY_DAYS, simulate } from "../governance/simulation.js";
import type { Simulation } from "../governance/simulation.js";
import { policySummary } from "../policy/policy-summary.js";
import type { PolicySet } from "../types.js";
import { withEvaluationSession } from "./run-evaluation.js";
import type { EvaluationRequest, EvaluationSession } from "./run-evaluation.js";

/** Days replayed when --from is not given. */
export const DEFAULT_REPLAY_DAYS = 365;

export type ReplayRequest = Omit<EvaluationRequest, "window" | "asOf"> & {
  from?: string;
  to?: string;
};

/** The replay period, the portfolio read over it (daily demand kept) and the session. */
export interface ReplayWindow {
  from: string;
  to: string;
  portfolio: SegmentedPortfolio;
  session: EvaluationSession;
}

/** Opens the session, resolves --from/--to against the data and reads the portfolio over them. */
export async function withReplayWindow<T>(
  request: ReplayRequest,
  work: (replay: ReplayWindow) => Promise<T> | T,
): Promise<T> {
  return withEvaluationSession(
    { ...request, readOnly: true, window: { amount: 1, unit: "d" } },
    async (session) => {
      const { firstDate: first, lastDate: last } = session;
      if (!first || !last) throw new RunError({ code: "no-daily-data", needed: "simulating" });
      const to = request.to ?? last;
      const from =
        request.from ??
        dateOfDay(Math.max(dayNumber(first), dayNumber(to) - DEFAULT_REPLAY_DAYS + 1));
      if (from > to) throw new RunError({ code: "period-reversed", from, to });
      if (to < first || from > last)
        throw new RunError({ code: "period-outside-data", from, to, first, last });
      const days = dayNumber(to) - dayNumber(from) + 1;
      const portfolio = await session.segmentAt(to, {
        window: { amount: days, unit: "d" },
        keep: { demand: true },
      });
      return work({ from, to, portfolio, session });
    },
  );
}

/**
 * The year to `asOf` (from the first day of data, if later), read with daily demand kept, under
 * `policies` (default: the session's): what a frontier replays. undefined when the data holds
 * fewer than MIN_REPLAY_DAYS of it.
 */
export async function readReplayYear(
  session: EvaluationSession,
  asOf: string,
  policies?: PolicySet,
): Promise<{ from: string; to: string; portfolio: SegmentedPortfolio } | undefined> {
  const first = session.firstDate ?? asOf;
  const from = dateOfDay(Math.max(dayNumber(first), dayNumber(asOf) - DEFAULT_REPLAY_DAYS + 1));
  const days = dayNumber(asOf) - dayNumber(from) + 1;
  if (days < MIN_REPLAY_DAYS) return undefined;
  const portfolio = await session.segmentAt(asOf, {
    window: { amount: days, unit: "d" },
    keep: { demand: true },
    ...(policies ? { policies } : {}),
  });
  return { from, to: asOf, portfolio };
}

export async function runSimulate(request: ReplayRequest): Promise<Simulation> {
  return withReplayWindow(request, ({ from, to, portfolio, session }) => {
    const tolerance = session.policies.tolerance.value;
    return {
      ...simulate(portfolio, {
        from,
        to,
        currency: tolerance.currency,
        policies: session.policies.segments.map(policySummary),
      }),
      frontiers: frontiers(portfolio, tolerance.economics?.holdingCostRate),
    };
  });
}
