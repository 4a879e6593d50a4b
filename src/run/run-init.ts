/**
 * `init` end to end: profile the outcomes, draw segments from them, draft targets, evaluate the
 * draft on the same data to read each segment's observed metrics, set assumptions and
 * tolerances from them, evaluate again and widen any bound the data still breaks, and write the
 * policy folder whole — never over an existing one without `force`. The evaluations run on a
 * scratch copy of the policies and record nothing.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import type { Window } from "../dates.js";
import { UsageError } from "../errors.js";
import type { EvaluationResult } from "../evaluate/evaluate.js";
import { withPortfolioMetrics } from "../evaluate/segment-portfolio.js";
import { replaceFolder } from "../files.js";
import type { SkuEvaluation } from "../metrics/sku-metrics.js";
import {
  draftPolicies,
  measuredValues,
  widenedForErrors,
  withObservedBounds,
} from "../governance/draft-policies.js";
import type { PolicyDraft } from "../governance/draft-policies.js";
import { COLUMNS, ROWS } from "../governance/draft-cells.js";
import { draftSegments } from "../governance/draft-segments.js";
import type { DraftedSegment, SegmentDraft } from "../governance/draft-segments.js";
import { displayPath } from "../paths.js";
import { renderPolicyFiles } from "../report/render-policy-yaml.js";
import { sortedQuantile } from "../stats/stats.js";
import { DEFAULT_OVERRIDE_THRESHOLD } from "./run-profile.js";
import { resolveAsOf, runEvaluation, withOutcomeStore } from "./run-evaluation.js";
import { readSkuWindow } from "./read-sku-window.js";
import type { OutcomeRequest } from "./run-evaluation.js";

export interface InitRequest extends OutcomeRequest {
  /** Where the policy folder goes. */
  policies: string;
  asOf?: string;
  window: Window;
  force: boolean;
}

export interface InitResult {
  dir: string;
  files: string[];
  segments: DraftedSegment[];
  /** The last evaluation of what was written: its findings by severity. */
  summary: EvaluationResult["document"]["summary"];
  asOf: string;
  window: { from: string; to: string };
  /** Evaluations it took (the draft, with bounds, and any widening). */
  passes: number;
}

/** Evaluations after the first: bounds are widened at most this often. */
export const MAX_WIDENINGS = 3;

function refuseExisting(dir: string, force: boolean): void {
  if (force || !existsSync(dir)) return;
  const held = readdirSync(dir);
  if (held.length === 0) return;
  throw new UsageError(
    `${dir} already holds ${held.length} file(s) or folder(s): init writes a new policy folder and ` +
      "overwrites nothing (--force replaces the folder with the drafted one; or give --policies another folder)",
  );
}

async function evaluateDraft(draft: PolicyDraft, request: InitRequest, db: string, asOf: string) {
  const dir = mkdtempSync(path.join(tmpdir(), "stockpolicy-draft-"));
  try {
    replaceFolder(path.join(dir, "policies"), renderPolicyFiles(draft));
    return await runEvaluation({
      policies: path.join(dir, "policies"),
      db,
      asOf,
      window: request.window,
      cwd: request.cwd,
      today: request.today,
      record: false,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The 90th percentile of the SKUs' planned lead times. */
const longestPlanned = (skus: readonly SkuEvaluation[]): number | undefined => {
  const planned = measuredValues(skus, "plannedLeadTimeDays");
  return planned.length ? sortedQuantile(planned, 0.9) : undefined;
};

const median = (values: readonly number[]): number | null =>
  values.length ? sortedQuantile(values, 0.5) : null;

/** Each segment written, with its cell, its SKUs' share of value and demand CV, and its targets. */
function draftedSegments(
  drawn: readonly SegmentDraft[],
  draft: PolicyDraft,
  result: EvaluationResult,
): DraftedSegment[] {
  const valueBy = drawn.find((d) => d.valueBy)?.valueBy ?? "units";
  const value = (s: SkuEvaluation): number => {
    const v = s.metrics[valueBy === "revenue" ? "revenue" : "demandMean"]?.value;
    return typeof v === "number" ? v : 0;
  };
  const segments = result.portfolio.segments;
  const total = segments.reduce((t, g) => t + g.skus.reduce((u, s) => u + value(s), 0), 0);
  return segments.map((g) => {
    const d = drawn.find((x) => x.name === g.name);
    const policy = draft.segments.find((p) => p.value.metadata.name === g.name)?.value;
    const held = g.skus.reduce((t, s) => t + value(s), 0);
    return {
      name: g.name,
      skus: g.skus.length,
      ...(d?.cell
        ? {
            cell: {
              rows: ROWS.slice(d.cell.rows[0], d.cell.rows[1] + 1),
              columns: COLUMNS.slice(d.cell.columns[0], d.cell.columns[1] + 1),
            },
          }
        : {}),
      drawn: d?.cell ? "cell" : d?.match ? "catch-all" : "pinned",
      valueShare: total > 0 ? held / total : null,
      valueBy,
      demandCv: median(measuredValues(g.skus, "demandCv")),
      fillRate: policy?.targets.fillRate ?? 0,
      cover: policy?.targets.cover ?? { minWeeks: 0, maxWeeks: 0 },
    };
  });
}

export async function runInit(request: InitRequest): Promise<InitResult> {
  const dir = path.resolve(request.cwd, request.policies);
  refuseExisting(dir, request.force);
  // --data is loaded once into a throwaway store, which the draft's evaluations then read
  return withOutcomeStore({ ...request, readOnly: true }, async (store, range) => {
    const db = request.data ? store.location : request.db;
    const asOf = resolveAsOf(request.asOf, { firstDate: range.first, lastDate: range.last });
    const read = await readSkuWindow(store, asOf, {
      length: request.window,
      firstDate: range.first,
      overrideThreshold: DEFAULT_OVERRIDE_THRESHOLD,
      numbers: new Set(),
      keep: {},
      ...(request.threads !== undefined ? { threads: request.threads } : {}),
    });
    const skus = withPortfolioMetrics(read.evaluations);
    const window = read.window;
    const basis = `on the outcomes of ${window.from} – ${window.to}`;
    const drawn = draftSegments(skus);
    let draft = draftPolicies(drawn, request.today, basis);
    let result = await evaluateDraft(draft, request, db, asOf);
    const observed = new Map(
      result.portfolio.segments.map((s) => [
        s.name,
        { metrics: s.metrics, plannedLeadTime: longestPlanned(s.skus) },
      ]),
    );
    draft = withObservedBounds(
      draft,
      { segments: observed, portfolio: result.portfolio.portfolio },
      result.currency,
    );
    result = await evaluateDraft(draft, request, db, asOf);
    let passes = 2;
    while (passes <= MAX_WIDENINGS + 1 && result.document.summary.findings.error > 0) {
      draft = widenedForErrors(draft, result.document.findings);
      result = await evaluateDraft(draft, request, db, asOf);
      passes++;
    }
    const files = replaceFolder(dir, renderPolicyFiles(draft));
    return {
      dir,
      files: files.map((f) => displayPath(request.cwd, f)),
      segments: draftedSegments(drawn, draft, result),
      summary: result.document.summary,
      asOf,
      window: { from: window.from, to: window.to },
      passes,
    };
  });
}
