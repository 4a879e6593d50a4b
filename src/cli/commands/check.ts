/**
 * `stockpolicy check`: validate and evaluate for CI; the exit code comes from the findings
 * (0: nothing at or above --fail-on; 1: something is; 2: bad input). With --baseline (a findings
 * JSON from main), only findings not already there fail.
 */
import { appendFileSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { toIsoDate } from "../../dates.js";
import { UsageError } from "../../errors.js";
import { exitCodeFor, failing } from "../../findings/exit-code.js";
import type { FailOn } from "../../findings/exit-code.js";
import { renderAnnotations } from "../../report/render-github.js";
import { EVALUATION_RENDERERS } from "../../report/render-evaluation.js";
import { evaluationRequest, runEvaluation } from "../../run/run-evaluation.js";
import type { Io } from "../io.js";
import type { SharedOptions } from "../shared-options.js";

export interface CheckFlags {
  failOn: FailOn;
  baseline?: string;
}

function readBaseline(file: string, cwd: string): Set<string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path.resolve(cwd, file), "utf8"));
  } catch (e) {
    throw new UsageError(
      `--baseline ${file}: expected a findings JSON from \`stockpolicy evaluate --format json\` or \`check --format json\`, found ${(e as Error).message}`,
    );
  }
  const findings = (parsed as { findings?: unknown }).findings;
  if (!Array.isArray(findings))
    throw new UsageError(`--baseline ${file}: expected a "findings" list, found none`);
  return new Set(findings.map((f) => String((f as { id?: unknown }).id)));
}

export async function checkCommand(
  options: SharedOptions,
  flags: CheckFlags,
  io: Io,
): Promise<number> {
  const baseline = flags.baseline ? readBaseline(flags.baseline, io.cwd) : undefined;
  const { document } = await runEvaluation({
    ...evaluationRequest(options, io.cwd, toIsoDate(io.now)),
    record: false,
  });
  const fails = failing(document.findings, flags.failOn, baseline);
  const code = exitCodeFor(document.findings, flags.failOn, baseline);
  const verdict = `check: ${fails.length} finding${fails.length === 1 ? "" : "s"} at or above ${flags.failOn}${baseline ? " not in the baseline" : ""} → exit ${code}\n`;
  switch (options.format) {
    case "json":
      io.stdout(
        `${JSON.stringify({ ...document, check: { failOn: flags.failOn, baseline: flags.baseline ?? null, failing: fails.map((f) => f.id), exitCode: code } }, null, 2)}\n`,
      );
      break;
    case "github": {
      io.stdout(
        renderAnnotations(
          baseline ? document.findings.filter((f) => !baseline.has(f.id)) : document.findings,
        ),
      );
      const summary = io.env.GITHUB_STEP_SUMMARY;
      if (summary)
        appendFileSync(summary, `${EVALUATION_RENDERERS.markdown(document)}\n${verdict}`);
      io.stdout(verdict);
      break;
    }
    case "markdown":
      io.stdout(`${EVALUATION_RENDERERS.markdown(document)}\n${verdict}`);
      break;
    default:
      io.stdout(`${EVALUATION_RENDERERS.table(document)}\n${verdict}`);
  }
  return code;
}
