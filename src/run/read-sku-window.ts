/**
 * A window's SKUs read from the store: every SKU's metrics for the window that ends on an as-of
 * date (clipped to the data), with the reference window before it for membership and last year's
 * weeks where a segment plans on them — kept in one list, or streamed SKU by SKU and kept by
 * nobody (streamSkuWindow).
 */
import { dateOfDay, dayNumber, windowStart } from "../dates.js";
import type { Window } from "../dates.js";
import type { EvaluationWindow } from "../evaluate/evaluate.js";
import { membershipColumns } from "../evaluate/membership-window.js";
import type { MembershipSku, MembershipWindow } from "../evaluate/membership-window.js";
import { AHEAD_DAYS } from "../metrics/sku-metrics.js";
import type { SkuEvaluation, SkuMetricOptions } from "../metrics/sku-metrics.js";
import {
  withYearAgoDemand,
  withYearAgoOf,
  yearAgoOffset,
  yearAgoWindow,
} from "../metrics/year-ago.js";
import type { Store } from "../store/open-store.js";
import type { PolicySet } from "../types.js";
import { readWindows, streamWindows } from "./read-shards.js";
import type { WindowRead } from "./read-windows.js";

/** Every SKU's metrics for one window, computed under one override threshold. */
export interface SkuWindow {
  /** The window read: never before the first day of daily data (see `clipped`). */
  window: EvaluationWindow;
  /** The window before it that segment membership is decided on, when the data has one. */
  reference?: MembershipWindow;
  /** The RiskTolerance's override threshold the metrics were computed with. */
  overrideThreshold: number;
  evaluations: readonly SkuEvaluation[];
}

export interface SkuWindowOptions {
  length: Window;
  firstDate: string | undefined;
  overrideThreshold: number;
  /** Attributes compared as numbers. */
  numbers: ReadonlySet<string>;
  keep: SkuMetricOptions["keep"];
  /**
   * The facts the reference window keeps of each SKU (segmentFactNames); without them the
   * reference window is not read (nothing will assign segments on it).
   */
  membershipFacts?: readonly string[];
  /** The most threads to read with (default: one a core; see readWindows). */
  threads?: number;
}

/**
 * A window that would start before the first day of daily data starts on that day instead, and
 * says so: days nobody recorded are not days without demand.
 */
export function clipWindow(
  window: { from: string; to: string },
  firstDate: string | undefined,
): EvaluationWindow {
  if (firstDate === undefined || window.from >= firstDate) return window;
  return { from: firstDate, to: window.to, askedFrom: window.from };
}

/** The window that ends on `asOf`, its read, and last year's when a segment plans on it. */
function windowReads(asOf: string, options: SkuWindowOptions) {
  const window = clipWindow(
    { from: windowStart(asOf, options.length), to: asOf },
    options.firstDate,
  );
  const ahead = options.keep?.ahead;
  const yearAgo = ahead !== undefined && options.keep?.yearAgo === true;
  const yearAgoW = yearAgo ? yearAgoWindow(window, ahead, options.firstDate) : undefined;
  // Forecasts past the as-of date are always read: the projection of stock looks ahead.
  const reads: WindowRead[] = [
    { window: { ...window, forecastDaysAhead: AHEAD_DAYS }, keep: options.keep },
    // The year-ago read serves last year's demand only.
    ...(yearAgoW ? [{ window: yearAgoW, keep: { demand: true }, as: "slim" as const }] : []),
  ];
  const compute = { overrideThreshold: options.overrideThreshold, numbers: [...options.numbers] };
  return { window, reads, compute, yearAgo: yearAgo ? { ahead, window: yearAgoW } : undefined };
}

/**
 * Every SKU's metrics for the window of `length` that ends on `asOf` (clipped to the data), and
 * for the reference window before it when the data has one.
 */
export async function readSkuWindow(
  store: Store,
  asOf: string,
  options: SkuWindowOptions,
): Promise<SkuWindow> {
  const { window, reads, compute, yearAgo } = windowReads(asOf, options);
  const facts = options.membershipFacts;
  const before = facts ? referenceWindow(window, options.length, options.firstDate) : undefined;
  // The reference read serves membership only.
  if (before) reads.splice(1, 0, { window: before, keep: {}, as: "membership", facts });
  const [main = [], ...rest] = await readWindows(store, reads, compute, options.threads);
  // Each list holds what its read's `as` says (see WindowRead).
  const reference = before ? (rest.shift() as MembershipSku[] | undefined) : undefined;
  const yearAgoRead = yearAgo?.window ? (rest.shift() as SkuEvaluation[] | undefined) : undefined;
  const evaluations = yearAgo
    ? withYearAgoDemand(
        main as SkuEvaluation[],
        yearAgo.window && yearAgoRead
          ? { window: yearAgo.window, evaluations: yearAgoRead }
          : undefined,
        window,
        yearAgo.ahead,
      )
    : (main as SkuEvaluation[]);
  const { overrideThreshold } = options;
  if (!before || !reference || !facts) return { window, overrideThreshold, evaluations };
  return {
    window,
    reference: membershipColumns(before, facts, reference),
    overrideThreshold,
    evaluations,
  };
}

/**
 * Each SKU of the window that ends on `asOf`, as readSkuWindow computes it (no reference window),
 * handed to `visit` as it is read and kept by nobody: a pass whose memory does not grow with the
 * SKUs. In the store's order of SKUs, one thread.
 */
export async function streamSkuWindow(
  store: Store,
  asOf: string,
  options: Omit<SkuWindowOptions, "membershipFacts" | "threads">,
  visit: (sku: SkuEvaluation) => void,
): Promise<EvaluationWindow> {
  const { window, reads, compute, yearAgo } = windowReads(asOf, options);
  const offset = yearAgo?.window ? yearAgoOffset(yearAgo.window, window) : 0;
  await streamWindows(store, reads, compute, (sku) => {
    const [main, before] = sku as SkuEvaluation[];
    if (!main) return;
    visit(yearAgo ? withYearAgoOf(main, before?.samples.dailyDemand, offset, yearAgo.ahead) : main);
  });
  return window;
}

/**
 * `keep.ahead` when any segment's targets look forward (a forecast or last-year basis, or a
 * build), and `keep.yearAgo` when one sizes stock on last year's weeks.
 */
export function forwardKeep(policies: PolicySet): { ahead?: number; yearAgo?: boolean } {
  const forward = policies.segments.some(
    (s) =>
      (s.value.targets.demandBasis ?? "trailing") !== "trailing" ||
      s.value.targets.seasonalBuild !== undefined,
  );
  const yearAgo = policies.segments.some((s) => s.value.targets.demandBasis === "last-year");
  return forward ? { ahead: AHEAD_DAYS, ...(yearAgo ? { yearAgo } : {}) } : {};
}

/** A reference window shorter than this is no basis for membership: the window itself is. */
export const MIN_REFERENCE_DAYS = 28;

/**
 * The window of the same length that ends the day before `window` starts, clipped to the first
 * day of data; none when the evaluated window was itself clipped or fewer than
 * MIN_REFERENCE_DAYS of the reference lie inside the data.
 */
export function referenceWindow(
  window: EvaluationWindow,
  length: Window,
  firstDate: string | undefined,
): { from: string; to: string } | undefined {
  if (window.askedFrom !== undefined || firstDate === undefined) return undefined;
  const to = dateOfDay(dayNumber(window.from) - 1);
  const from = windowStart(to, length) < firstDate ? firstDate : windowStart(to, length);
  return dayNumber(to) - dayNumber(from) + 1 >= MIN_REFERENCE_DAYS ? { from, to } : undefined;
}
