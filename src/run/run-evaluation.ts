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
import type { Window } from "../dates.js";
import { ProblemsError, RunError } from "../errors.js";
import { evaluate, summarize } from "../evaluate/evaluate.js";
import type { EvaluationResult } from "../evaluate/evaluate.js";
import { segmentPortfolio } from "../evaluate/segment-portfolio.js";
import type { SegmentedPortfolio } from "../evaluate/segment-portfolio.js";
import { applyHistory } from "../findings/history.js";
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
import { forwardKeep, readSkuWindow, streamSkuWindow } from "./read-sku-window.js";
import type { SkuWindow, SkuWindowOptions } from "./read-sku-window.js";
import { numberAttributes } from "../policy/attributes.js";
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
  /**
   * false: no daily series kept, not even those the policies' forward targets keep (a replay
   * streams them in a pass of its own: streamSkus).
   */
  series?: false;
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
   * Each SKU of the window that ends on `asOf`, as readSkus computes it, handed to `visit` as it
   * is read and kept by nobody (no reference window: see streamSkuWindow).
   */
  streamSkus(
    asOf: string,
    options: Omit<ReadOptions, "segmentedBy" | "series">,
    visit: (sku: SkuEvaluation) => void,
  ): Promise<void>;
  /** Runs `work` with every read of the store meanwhile in one snapshot (Store.pinned). */
  pinned<T>(work: () => Promise<T>): Promise<T>;
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
    const windowOptions = (options: ReadOptions) =>
      windowOptionsOf(options, options.policies ?? policies, request.window, range.first);
    const session: EvaluationSession = {
      policies,
      firstDate: range.first,
      lastDate: range.last,
      readSkus: (asOf, options = {}) =>
        readSkuWindow(store, asOf, {
          ...windowOptions(options),
          membershipFacts: segmentFactNames(
            (options.segmentedBy ?? [options.policies ?? policies]).flatMap((set) =>
              set.segments.map((s) => s.value),
            ),
          ),
          ...(request.threads !== undefined ? { threads: request.threads } : {}),
        }),
      async streamSkus(asOf, options, visit) {
        await streamSkuWindow(store, asOf, windowOptions(options), visit);
      },
      pinned: (work) => store.pinned(work),
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

/** How a read computes its SKUs: the window, the policies' threshold and what is kept. */
function windowOptionsOf(
  options: ReadOptions,
  policies: PolicySet,
  window: Window,
  firstDate: string | undefined,
): Omit<SkuWindowOptions, "membershipFacts" | "threads"> {
  return {
    length: options.window ?? window,
    firstDate,
    overrideThreshold: policies.tolerance.value.overrides.threshold,
    numbers: numberAttributes(policies.tolerance.value),
    keep: options.series === false ? {} : { ...forwardKeep(policies), ...options.keep },
  };
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
