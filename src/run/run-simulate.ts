/**
 * `simulate` end to end: the window from --from to --to (default: the data's last 365 days),
 * SKU metrics and segments over it, then every segment's policy replayed over that history,
 * and each segment's capital–service frontier.
 */
import { dayNumber, dateOfDay } from "../dates.js";
import { RunError } from "../errors.js";
import type { SegmentedPortfolio } from "../evaluate/segment-portfolio.js";
import { recordReplays, replayTable } from "../governance/replay-table.js";
import type { ReplayTable } from "../governance/replay-table.js";
import type { SkuEvaluation } from "../metrics/sku-metrics.js";
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

/** A replay period, its portfolio (metrics, no daily series) and each SKU's replays over it. */
export interface ReplayYear {
  from: string;
  to: string;
  portfolio: SegmentedPortfolio;
  replays: ReplayTable;
}

/** The replay period and the session it was read in. */
export type ReplayWindow = ReplayYear & { session: EvaluationSession };

/**
 * The `days` to `to` replayed in two passes over the store, in one snapshot: the SKUs' metrics
 * read and segmented with no daily series kept, then the SKUs streamed again with theirs, each
 * planned and replayed as it passes and let go. Memory grows with SKUs (their metrics and
 * ReplayTable's numbers), not with SKU-days: a year of every SKU's days is never held at once.
 */
async function replayPeriod(
  session: EvaluationSession,
  to: string,
  days: number,
  options: { policies?: PolicySet; frontier: boolean },
): Promise<{ portfolio: SegmentedPortfolio; replays: ReplayTable }> {
  const window = { amount: days, unit: "d" } as const;
  const policies = options.policies ? { policies: options.policies } : {};
  return session.pinned(async () => {
    const portfolio = await session.segmentAt(to, { window, ...policies, series: false });
    const replays = replayTable(portfolio, { frontier: options.frontier });
    await session.streamSkus(to, { window, ...policies, keep: { demand: true } }, (sku) =>
      recordReplays(replays, portfolio, sku),
    );
    // One snapshot: the second pass reads the SKUs the first did, every one of them.
    if (replays.count !== portfolio.skus.length)
      throw new Error(
        `the replay read ${replays.count} of the ${portfolio.skus.length} SKUs it segmented`,
      );
    return { portfolio, replays };
  });
}

/** Opens the session, resolves --from/--to against the data and replays the portfolio over them. */
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
      const replayed = await replayPeriod(session, to, days, { frontier: true });
      return work({ from, to, ...replayed, session });
    },
  );
}

/** The year to `asOf` (from the first day of data, if later); undefined if under MIN_REPLAY_DAYS. */
function replayYearOf(
  session: EvaluationSession,
  asOf: string,
): { from: string; days: number } | undefined {
  const first = session.firstDate ?? asOf;
  const from = dateOfDay(Math.max(dayNumber(first), dayNumber(asOf) - DEFAULT_REPLAY_DAYS + 1));
  const days = dayNumber(asOf) - dayNumber(from) + 1;
  return days < MIN_REPLAY_DAYS ? undefined : { from, days };
}

/**
 * The year to `asOf` (from the first day of data, if later) replayed under `policies` (default:
 * the session's), every segment's ladder traced: what a frontier adds up. undefined when the
 * data holds fewer than MIN_REPLAY_DAYS of it.
 */
export async function readReplayYear(
  session: EvaluationSession,
  asOf: string,
  policies?: PolicySet,
): Promise<ReplayYear | undefined> {
  const year = replayYearOf(session, asOf);
  if (!year) return undefined;
  const replayed = await replayPeriod(session, asOf, year.days, {
    frontier: true,
    ...(policies ? { policies } : {}),
  });
  return { from: year.from, to: asOf, ...replayed };
}

/**
 * One SKU over the year to `asOf`, its daily series read (the others streamed past): what
 * `explain` traces its own frontier on. undefined without the year or the SKU.
 */
export async function readReplayedSku(
  session: EvaluationSession,
  asOf: string,
  sku: string,
): Promise<{ from: string; to: string; sku: SkuEvaluation } | undefined> {
  const year = replayYearOf(session, asOf);
  if (!year) return undefined;
  let found: SkuEvaluation | undefined;
  await session.streamSkus(
    asOf,
    { window: { amount: year.days, unit: "d" }, keep: { demand: true } },
    (e) => {
      if (e.sku === sku) found = e;
    },
  );
  return found ? { from: year.from, to: asOf, sku: found } : undefined;
}

/** simulate's document: the period's totals by segment and each segment's frontier. */
export function simulationDocument(
  session: EvaluationSession,
  period: { from: string; to: string },
  portfolio: SegmentedPortfolio,
  replays: ReplayTable,
): Simulation {
  const tolerance = session.policies.tolerance.value;
  return {
    ...simulate(
      portfolio,
      {
        ...period,
        currency: tolerance.currency,
        policies: session.policies.segments.map(policySummary),
      },
      replays,
    ),
    frontiers: frontiers(portfolio, replays, tolerance.economics?.holdingCostRate),
  };
}

export async function runSimulate(request: ReplayRequest): Promise<Simulation> {
  return withReplayWindow(request, ({ from, to, portfolio, replays, session }) =>
    simulationDocument(session, { from, to }, portfolio, replays),
  );
}
