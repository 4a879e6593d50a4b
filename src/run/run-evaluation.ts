/**
 * `evaluate` end to end: load the policies, open the store (or load --data into a throwaway
 * one), resolve the window, compute every SKU's metrics, evaluate, mark findings against the
 * previous run, and store this run. The I/O orchestrator; the stages it calls are pure.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { windowStart } from "../dates.js";
import type { Window } from "../dates.js";
import { ProblemsError, UsageError } from "../errors.js";
import { evaluate, summarize } from "../evaluate/evaluate.js";
import type { EvaluationResult } from "../evaluate/evaluate.js";
import { applyHistory } from "../findings/history.js";
import { computeSku } from "../metrics/sku-metrics.js";
import type { SkuEvaluation } from "../metrics/sku-metrics.js";
import { ingest } from "../outcomes/ingest.js";
import { formatRowProblem } from "../outcomes/row-problem.js";
import { displayPath } from "../paths.js";
import { loadPolicies } from "../policy/load-policies.js";
import { openStore } from "../store/open-store.js";
import type { Store } from "../store/open-store.js";
import { readLastDate, readObservations } from "../store/read-observations.js";
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
  /** A SKU to explain: its rule leaves are kept. */
  explain?: string;
}

/** The request the shared CLI options make, with today's date for the policy check. */
export function evaluationRequest(
  options: {
    policies: string;
    db: string;
    data?: string | undefined;
    asOf?: string | undefined;
    window: Window;
  },
  cwd: string,
  today: string,
): EvaluationRequest {
  return {
    policies: options.policies,
    db: options.db,
    ...(options.data ? { data: options.data } : {}),
    ...(options.asOf ? { asOf: options.asOf } : {}),
    window: options.window,
    cwd,
    today,
  };
}

export async function runEvaluation(request: EvaluationRequest): Promise<EvaluationResult> {
  const { policies, problems } = await loadPolicies(request.policies, {
    cwd: request.cwd,
    today: request.today,
  });
  if (!policies) throw new ProblemsError(problems);
  const scratch = request.data ? mkdtempSync(path.join(tmpdir(), "stockpolicy-eval-")) : undefined;
  const store = await openStore(scratch ? path.join(scratch, "outcomes.db") : request.db, {
    cwd: request.cwd,
  });
  try {
    if (request.data) await loadData(store, path.resolve(request.cwd, request.data), request.cwd);
    const asOf = request.asOf ?? (await readLastDate(store.db));
    if (!asOf)
      throw new UsageError(
        "no daily data in the store, so no as-of date: load daily.csv or give --as-of",
      );
    const window = { from: windowStart(asOf, request.window), to: asOf };
    const threshold = policies.tolerance.value.overrides.threshold;
    const evaluations: SkuEvaluation[] = [];
    for await (const o of readObservations(store.db, window))
      evaluations.push(computeSku(o, window, { overrideThreshold: threshold }));
    const explain = request.explain;
    const result = await evaluate(
      evaluations,
      policies,
      window,
      explain ? { keepLeaves: (sku) => sku === explain } : {},
    );
    const digest = createHash("sha256")
      .update(
        JSON.stringify([
          policies.tolerance.value,
          ...policies.segments.map((s) => s.value),
          ...policies.checks.map((c) => c.value),
        ]),
      )
      .digest("hex");
    if (request.record === false) return result;
    const findings = await store.write(async (tx) => {
      const marked = applyHistory(
        result.document.findings,
        await readPreviousFindings(tx.db, asOf),
      );
      await saveRun(tx.db, {
        asOf,
        window,
        policiesDigest: digest,
        summary: summarize(marked),
        findings: marked,
      });
      return marked;
    });
    return { ...result, document: { ...result.document, findings, summary: summarize(findings) } };
  } finally {
    await store.close();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  }
}

async function loadData(store: Store, dir: string, cwd: string): Promise<void> {
  const report = await ingest(store, dir);
  if (report.written) return;
  const lines = [...report.problems, ...report.files.flatMap((f) => f.problems)].map((p) =>
    formatRowProblem({ ...p, file: displayPath(cwd, p.file) }),
  );
  throw new UsageError(`--data ${displayPath(cwd, dir)} did not load:\n${lines.join("\n")}`);
}
