/**
 * `evaluate` end to end: load the policies, open the store (or load --data into a throwaway
 * one), resolve the window, compute every SKU's metrics, evaluate, mark findings against the
 * previous run, and store this run. The I/O orchestrator; the stages it calls are pure.
 */
import { escapeText } from "../report/escape.js";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { dateOfDay, dayNumber, windowStart } from "../dates.js";
import type { Window } from "../dates.js";
import { ProblemsError, RunError } from "../errors.js";
import { evaluate, summarize } from "../evaluate/evaluate.js";
import type { EvaluationResult, EvaluationWindow } from "../evaluate/evaluate.js";
import { segmentPortfolio } from "../evaluate/segment-portfolio.js";
import type { SegmentedPortfolio } from "../evaluate/segment-portfolio.js";
import { applyHistory } from "../findings/history.js";
import { AHEAD_DAYS } from "../metrics/sku-metrics.js";
import { withYearAgoDemand, yearAgoWindow } from "../metrics/year-ago.js";
import type { SkuEvaluation, SkuMetricOptions } from "../metrics/sku-metrics.js";
import { ingest } from "../outcomes/ingest.js";
import { formatRowProblem } from "../outcomes/row-problem.js";
import { displayPath } from "../paths.js";
import { loadPolicies } from "../policy/load-policies.js";
import { allPolicies } from "../policy/policy-summary.js";
import { openStore } from "../store/open-store.js";
import type { PolicySet } from "../types.js";
import type { Store } from "../store/open-store.js";
import { readDateRange } from "../store/read-observations.js";
import { readWindows } from "./read-shards.js";
import type { WindowRead } from "./read-windows.js";
import { numberAttributes } from "../policy/attributes.js";
import type { MembershipSku } from "../evaluate/membership-window.js";
import { membershipColumns } from "../evaluate/membership-window.js";
import type { MembershipWindow } from "../evaluate/membership-window.js";
import { segmentFactNames } from "../evaluate/assign-segment.js";
import { readPreviousFindings, saveRun } from "../store/runs.js";

export interface EvaluationRequest {
  policies: string;
  db: string;
  data?: string;
  asOf?: string;
  window: Window;
  cwd: string;
  /** Today, for the policy check that reviews are not dated in the future. */
  today: string;
  /** Store this run and mark findings against the previous one (default true). */
  record?: boolean;
  /** Only read the store (opened read-only); implied by `record: false`. */
  readOnly?: boolean;
  /** A SKU to explain: its rule leaves are kept. */
  explain?: string;
  /** Samples to keep beyond the metrics' own (see SkuMetricOptions). */
  keep?: SkuMetricOptions["keep"];
  /** The most threads to read the store with (default: one a core, for stores large enough). */
  threads?: number;
}

/** The request the shared CLI options make, with today's date for the policy check. */
export function evaluationRequest(
  options: {
    policies: string;
    db: string;
    data?: string | undefined;
    asOf?: string | undefined;
    window: Window;
    threads?: number | undefined;
  },
  cwd: string,
  today: string,
): EvaluationRequest {
  return {
    ...(options.threads !== undefined ? { threads: options.threads } : {}),
    policies: options.policies,
    db: options.db,
    ...(options.data ? { data: options.data } : {}),
    ...(options.asOf ? { asOf: options.asOf } : {}),
    window: options.window,
    cwd,
    today,
  };
}

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

export interface ReadOptions {
  /** Other policies than the session's (a base version, for diff): their override threshold. */
  policies?: PolicySet;
  /** Samples to keep beyond the metrics' own (see SkuMetricOptions). */
  keep?: SkuMetricOptions["keep"];
  /** Another window length than the request's. */
  window?: Window;
  /**
   * Every policy set whose segments will be assigned on this read (default: the read's
   * policies): the reference window keeps the facts their rules read, and no other.
   */
  segmentedBy?: readonly PolicySet[];
}

export interface EvaluateOptions {
  /** A SKU to explain: its rule leaves are kept. */
  explain?: string;
  /** Other policies than the session's (a base version, for diff). */
  policies?: PolicySet;
}

/** What is done with a marked result before its run is stored (writing the output). */
export type Deliver = (result: EvaluationResult) => void | Promise<void>;

/** An open store with the policies loaded: read and evaluate it at any as-of date. */
export interface EvaluationSession {
  policies: PolicySet;
  /** The first and last dates with daily data, if any. */
  firstDate: string | undefined;
  lastDate: string | undefined;
  /** Reads the window that ends on `asOf` and computes every SKU's metrics. */
  readSkus(asOf: string, options?: ReadOptions): Promise<SkuWindow>;
  /** Evaluates SKU metrics already read (no history: every finding `new`). */
  evaluateSkus(skus: SkuWindow, options?: EvaluateOptions): Promise<EvaluationResult>;
  /** Reads and evaluates the window that ends on `asOf`. */
  evaluateAt(asOf: string, options?: ReadOptions & EvaluateOptions): Promise<EvaluationResult>;
  /**
   * Reads the window that ends on `asOf` and assigns its SKUs to segments, as evaluateAt does,
   * with no detector run: what a replay needs (evaluateAt's portfolio, without its findings).
   */
  segmentAt(asOf: string, options?: ReadOptions): Promise<SegmentedPortfolio>;
  /**
   * Marks findings against the previous stored run and stores this one. `deliver` (writing the
   * output) runs inside the same transaction, before it commits: a run whose output could not be
   * written is not recorded.
   */
  record(result: EvaluationResult, deliver?: Deliver): Promise<EvaluationResult>;
}

/**
 * Loads the policies, opens the store (or loads --data into a throwaway one), runs `work` and
 * closes everything, whatever happens.
 */
export async function withEvaluationSession<T>(
  request: EvaluationRequest,
  work: (session: EvaluationSession) => Promise<T>,
): Promise<T> {
  const { policies, problems } = await loadPolicies(request.policies, {
    cwd: request.cwd,
    today: request.today,
  });
  if (!policies) throw new ProblemsError(problems);
  return withOutcomeStore(request, async (store, range) => {
    const session: EvaluationSession = {
      policies,
      firstDate: range.first,
      lastDate: range.last,
      readSkus: (asOf, options = {}) =>
        readSkuWindow(store, asOf, {
          length: options.window ?? request.window,
          firstDate: range.first,
          overrideThreshold: (options.policies ?? policies).tolerance.value.overrides.threshold,
          numbers: numberAttributes((options.policies ?? policies).tolerance.value),
          keep: { ...forwardKeep(options.policies ?? policies), ...options.keep },
          membershipFacts: segmentFactNames(
            (options.segmentedBy ?? [options.policies ?? policies]).flatMap((set) =>
              set.segments.map((s) => s.value),
            ),
          ),
          ...(request.threads !== undefined ? { threads: request.threads } : {}),
        }),
      evaluateSkus(skus, options = {}) {
        const explain = options.explain;
        return evaluate(skus.evaluations, options.policies ?? policies, skus.window, {
          ...(explain ? { keepLeaves: (sku: string) => sku === explain } : {}),
          ...(skus.reference ? { reference: skus.reference } : {}),
        });
      },
      async evaluateAt(asOf, options = {}) {
        return session.evaluateSkus(await session.readSkus(asOf, options), options);
      },
      async segmentAt(asOf, options = {}) {
        const skus = await session.readSkus(asOf, options);
        return segmentPortfolio(
          skus.evaluations,
          (options.policies ?? policies).segments,
          skus.reference ? { reference: skus.reference } : {},
        );
      },
      async record(result, deliver) {
        const { asOf, window } = result.document;
        const findings = await store.write(async (tx) => {
          const marked = applyHistory(
            result.document.findings,
            await readPreviousFindings(tx.db, asOf),
          );
          const document = { ...result.document, findings: marked, summary: summarize(marked) };
          await deliver?.({ ...result, document });
          await saveRun(tx.db, {
            asOf,
            window,
            policiesDigest: createHash("sha256")
              .update(JSON.stringify(allPolicies(policies).map((p) => p.value)))
              .digest("hex"),
            summary: summarize(marked),
            findings: marked,
          });
          return marked;
        });
        return {
          ...result,
          document: { ...result.document, findings, summary: summarize(findings) },
        };
      },
    };
    return work(session);
  });
}

/** What opening the outcomes takes: the store, or a folder to load into a throwaway one. */
export type OutcomeRequest = Pick<
  EvaluationRequest,
  "db" | "data" | "cwd" | "today" | "readOnly" | "record" | "threads"
>;

/**
 * Opens the store (or loads --data into a throwaway one), runs `work` with it and the daily
 * data's date range, and closes everything, whatever happens.
 */
export async function withOutcomeStore<T>(
  request: OutcomeRequest,
  work: (
    store: Store,
    range: { first: string | undefined; last: string | undefined },
  ) => Promise<T>,
): Promise<T> {
  const scratch = request.data ? mkdtempSync(path.join(tmpdir(), "stockpolicy-eval-")) : undefined;
  const access = scratch
    ? "create"
    : request.readOnly === true || request.record === false
      ? "read"
      : "write";
  const store = await openStore(scratch ? path.join(scratch, "outcomes.db") : request.db, {
    cwd: request.cwd,
    access,
  });
  try {
    if (request.data) await loadData(store, path.resolve(request.cwd, request.data), request);
    return await work(store, await readDateRange(store.db));
  } finally {
    await store.close();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * The as-of date asked for, else the last date with daily data. A date the daily data does not
 * cover is refused: evaluated there, every metric would rest on days nobody recorded.
 */
export function resolveAsOf(
  asked: string | undefined,
  range: { firstDate: string | undefined; lastDate: string | undefined },
): string {
  const { firstDate: first, lastDate: last } = range;
  if (!first || !last) throw new RunError({ code: "no-daily-data", needed: "an as-of date" });
  const asOf = asked ?? last;
  if (asOf < first || asOf > last)
    throw new RunError({ code: "as-of-outside-data", asOf, first, last });
  return asOf;
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

/**
 * Every SKU's metrics for the window of `length` that ends on `asOf` (clipped to the data), and
 * for the reference window before it when the data has one.
 */
export async function readSkuWindow(
  store: Store,
  asOf: string,
  options: {
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
  },
): Promise<SkuWindow> {
  const { length, firstDate, overrideThreshold } = options;
  const facts = options.membershipFacts;
  const window = clipWindow({ from: windowStart(asOf, length), to: asOf }, firstDate);
  const ahead = options.keep?.ahead;
  const yearAgo = ahead !== undefined && options.keep?.yearAgo === true;
  const yearAgoW = yearAgo ? yearAgoWindow(window, ahead, firstDate) : undefined;
  const before = facts ? referenceWindow(window, length, firstDate) : undefined;
  // Forecasts past the as-of date are always read: the projection of stock looks ahead.
  const reads: WindowRead[] = [
    { window: { ...window, forecastDaysAhead: AHEAD_DAYS }, keep: options.keep },
    // The reference read serves membership only, the year-ago read last year's demand only.
    ...(before
      ? [{ window: before, keep: {}, as: "membership" as const, ...(facts ? { facts } : {}) }]
      : []),
    ...(yearAgoW ? [{ window: yearAgoW, keep: { demand: true }, as: "slim" as const }] : []),
  ];
  const [main = [], ...rest] = await readWindows(
    store,
    reads,
    { overrideThreshold, numbers: [...options.numbers] },
    options.threads,
  );
  // Each list holds what its read's `as` says (see WindowRead).
  const reference = before ? (rest.shift() as MembershipSku[] | undefined) : undefined;
  const yearAgoRead = yearAgoW ? (rest.shift() as SkuEvaluation[] | undefined) : undefined;
  const evaluations =
    ahead !== undefined && yearAgo
      ? withYearAgoDemand(
          main as SkuEvaluation[],
          yearAgoW && yearAgoRead ? { window: yearAgoW, evaluations: yearAgoRead } : undefined,
          window,
          ahead,
        )
      : (main as SkuEvaluation[]);
  if (!before || !reference || !facts) return { window, overrideThreshold, evaluations };
  return {
    window,
    reference: membershipColumns(before, facts, reference),
    overrideThreshold,
    evaluations,
  };
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

/**
 * Evaluates and (unless `record` is false) stores the run; `deliver` gets the result first — the
 * run is stored only if it returns.
 */
export async function runEvaluation(
  request: EvaluationRequest,
  deliver?: Deliver,
): Promise<EvaluationResult> {
  return withEvaluationSession(request, async (session) => {
    const result = await session.evaluateAt(resolveAsOf(request.asOf, session), {
      ...(request.explain ? { explain: request.explain } : {}),
      ...(request.keep ? { keep: request.keep } : {}),
    });
    if (request.record !== false) return session.record(result, deliver);
    await deliver?.(result);
    return result;
  });
}

async function loadData(
  store: Store,
  dir: string,
  { cwd, today }: Pick<EvaluationRequest, "cwd" | "today">,
): Promise<void> {
  const report = await ingest(store, dir, { today });
  if (report.written) return;
  const lines = [...report.problems, ...report.files.flatMap((f) => f.problems)].map((p) =>
    escapeText(formatRowProblem({ ...p, file: displayPath(cwd, p.file) })),
  );
  throw new RunError({ code: "data-did-not-load", dir: displayPath(cwd, dir), problems: lines });
}
