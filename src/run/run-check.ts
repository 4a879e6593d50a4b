/**
 * `check` end to end: read the baseline (a findings JSON from main), evaluate without recording
 * a run, and decide which findings fail and the exit code they give.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { RunError } from "../errors.js";
import { displayPath } from "../paths.js";
import { exitCodeFor, failing } from "../findings/exit-code.js";
import type { FailOn } from "../findings/exit-code.js";
import type { CheckOutcome } from "../report/render-check.js";
import { runEvaluation } from "./run-evaluation.js";
import type { EvaluationRequest } from "./run-evaluation.js";

export interface CheckRequest extends EvaluationRequest {
  failOn: FailOn;
  /** A findings JSON (`evaluate` or `check --format json`): only findings not in it fail. */
  baseline?: string;
}

/** The finding ids of a baseline file. */
export function readBaseline(file: string, cwd: string): Set<string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path.resolve(cwd, file), "utf8"));
  } catch (e) {
    throw new RunError({ code: "baseline-unreadable", file, found: (e as Error).message });
  }
  const findings =
    parsed !== null && typeof parsed === "object"
      ? (parsed as { findings?: unknown }).findings
      : undefined;
  if (!Array.isArray(findings)) throw new RunError({ code: "baseline-without-findings", file });
  const bad = findings.findIndex((f) => !hasId(f));
  if (bad >= 0)
    throw new RunError({
      code: "baseline-unreadable",
      file,
      found: `findings[${bad}] without an id: ${JSON.stringify(findings[bad])?.slice(0, 80) ?? "undefined"}`,
    });
  return new Set(findings.map((f) => (f as { id: string }).id));
}

/** An entry of a findings list we can use: an object with a string id. */
export function hasId(f: unknown): boolean {
  return f !== null && typeof f === "object" && typeof (f as { id?: unknown }).id === "string";
}

export async function runCheck(request: CheckRequest): Promise<CheckOutcome> {
  const baseline = request.baseline
    ? { file: request.baseline, ids: readBaseline(request.baseline, request.cwd) }
    : undefined;
  const { document } = await runEvaluation({ ...request, record: false });
  return {
    document,
    toleranceFile: displayPath(request.cwd, path.join(request.policies, "tolerance.yaml")),
    failOn: request.failOn,
    baseline,
    failing: failing(document.findings, request.failOn, baseline?.ids),
    exitCode: exitCodeFor(document.findings, request.failOn, baseline?.ids),
  };
}
