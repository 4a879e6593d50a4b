/**
 * `report` end to end: pick the month and its as-of date, evaluate it, mark findings against
 * last month (its committed report when there is one, else last month re-evaluated from the
 * data), build the report and write governance.md, .html and .json together: all three or none.
 */
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import * as path from "node:path";
import { isMonth, monthEnd, previousMonth } from "../dates.js";
import { RunError, UsageError } from "../errors.js";
import { replaceFolder } from "../files.js";
import type { Finding } from "../findings/finding.js";
import { applyHistory } from "../findings/history.js";
import { summarize } from "../evaluate/evaluate.js";
import { buildGovernanceReport } from "../governance/governance-report.js";
import type { GovernanceReport, PreviousMonth } from "../governance/governance-report.js";
import type { TrendPoint } from "../governance/report-facts.js";
import { displayPath } from "../paths.js";
import { renderGovernanceHtml } from "../report/render-governance-html.js";
import { renderGovernanceMarkdown } from "../report/render-governance-markdown.js";
import { hasId } from "./run-check.js";
import { withEvaluationSession } from "./run-evaluation.js";
import type { EvaluationRequest, EvaluationSession } from "./run-evaluation.js";
import { readReplayYear } from "./run-simulate.js";
import { sameCapitalAllocation } from "../governance/allocate.js";
import type { SameCapitalAllocation } from "../governance/allocate.js";

export interface ReportRequest extends EvaluationRequest {
  /** YYYY-MM; default: the last whole month in the data. */
  month?: string;
  /** Folder that holds one sub-folder a month. */
  out: string;
}

export interface ReportResult {
  report: GovernanceReport;
  /** The files written, as displayed paths. */
  files: string[];
}

export const REPORT_FILES = ["governance.md", "governance.html", "governance.json"] as const;

/**
 * The month a report covers by default: the data's last month if the data reaches its last day,
 * else the one before.
 */
export function defaultMonth(lastDate: string): string {
  const month = lastDate.slice(0, 7);
  return monthEnd(month) === lastDate ? month : previousMonth(month);
}

function readPreviousReport(
  file: string,
  cwd: string,
): { findings: Finding[]; policies: PreviousMonth["policies"] } | undefined {
  if (!existsSync(file)) return undefined;
  let parsed: Partial<GovernanceReport>;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8")) as Partial<GovernanceReport>;
  } catch (e) {
    throw new UsageError(
      `${displayPath(cwd, file)}: expected last month's governance report JSON, found ${(e as Error).message}`,
    );
  }
  const isObject = (x: unknown): boolean => x !== null && typeof x === "object";
  if (
    !isObject(parsed) ||
    parsed.schemaVersion !== 1 ||
    !Array.isArray(parsed.findings) ||
    !Array.isArray(parsed.policies) ||
    !parsed.findings.every(hasId) ||
    !parsed.policies.every(isObject)
  )
    throw new UsageError(
      `${displayPath(cwd, file)}: expected last month's governance ` +
        `report JSON (schemaVersion 1 with findings, each with an id, and policies)`,
    );
  return { findings: parsed.findings, policies: parsed.policies };
}

/**
 * The committed reports' months before `month`, as trend points: each folder YYYY-MM holding a
 * governance.json of this shape. One that cannot be read is left out of the trend (last
 * month's, which the findings' history rests on, is checked strictly above).
 */
export function readHistory(outDir: string, month: string): TrendPoint[] {
  if (!existsSync(outDir)) return [];
  const months = readdirSync(outDir)
    .filter((d) => isMonth(d) && d < month)
    .sort()
    .slice(-12);
  return months.flatMap((m): TrendPoint[] => {
    try {
      const r = JSON.parse(
        readFileSync(path.join(outDir, m, "governance.json"), "utf8"),
      ) as GovernanceReport;
      // Counted as the month's own point was: open findings, waived ones apart (summarize).
      const open = r.findings.filter((f) => f.status !== "resolved");
      const num = (x: unknown) => (typeof x === "number" ? x : null);
      return [
        {
          month: m,
          capital: num(r.risk.portfolio.capital.value),
          fillRate: num(r.risk.portfolio.fillRate.value),
          findings: summarize(open).findings,
        },
      ];
    } catch {
      return [];
    }
  });
}

/**
 * What the capital today's targets hold in a replay of the year to `asOf` would serve allocated
 * by marginal return; null when the data holds fewer than MIN_REPLAY_DAYS of it.
 */
async function replayedAllocation(
  session: EvaluationSession,
  asOf: string,
): Promise<SameCapitalAllocation | null> {
  const year = await readReplayYear(session, asOf);
  if (!year) return null;
  return sameCapitalAllocation(year, session.policies);
}

export async function runReport(request: ReportRequest): Promise<ReportResult> {
  if (request.month !== undefined && !isMonth(request.month))
    throw new RunError({ code: "month-invalid", month: request.month });
  const out = path.resolve(request.cwd, request.out);
  if (existsSync(out) && !statSync(out).isDirectory())
    throw new RunError({ code: "out-not-a-folder", out: displayPath(request.cwd, out) });
  return withEvaluationSession({ ...request, readOnly: true }, async (session) => {
    const { firstDate, lastDate } = session;
    if (!firstDate || !lastDate) throw new RunError({ code: "no-daily-data", needed: "reporting" });
    const month = request.month ?? defaultMonth(lastDate);
    if (lastDate < `${month}-01` || firstDate > monthEnd(month))
      throw new RunError({ code: "month-outside-data", month, first: firstDate, last: lastDate });
    const asOf = monthEnd(month) < lastDate ? monthEnd(month) : lastDate;
    const current = await session.evaluateAt(asOf, { keep: { outcomes: true } });

    const before = previousMonth(month);
    const outDir = path.resolve(request.cwd, request.out);
    const prior = readPreviousReport(path.join(outDir, before, "governance.json"), request.cwd);
    let previous: PreviousMonth;
    let previousFindings: Finding[] | undefined;
    if (prior) {
      previous = { month: before, basis: "report", policies: prior.policies ?? [] };
      previousFindings = prior.findings;
    } else if (firstDate <= monthEnd(before)) {
      previous = { month: before, basis: "data" };
      previousFindings = (await session.evaluateAt(monthEnd(before))).document.findings;
    } else previous = { month: before, basis: "none" };

    const findings = applyHistory(current.document.findings, previousFindings);
    const marked = {
      ...current,
      document: { ...current.document, findings, summary: summarize(findings) },
    };
    const report = buildGovernanceReport(
      month,
      marked,
      session.policies,
      previous,
      readHistory(outDir, month),
      await replayedAllocation(session, asOf),
    );
    const files = writeReport(path.join(outDir, month), report);
    return { report, files: files.map((f) => displayPath(request.cwd, f)) };
  });
}

/**
 * Writes the month's folder whole and swaps it into place (files.ts): a reader finds the three
 * files of one report, never a new `.md` beside an old `.html`.
 */
function writeReport(dir: string, report: GovernanceReport): string[] {
  const contents: Record<(typeof REPORT_FILES)[number], string> = {
    "governance.md": renderGovernanceMarkdown(report),
    "governance.html": renderGovernanceHtml(report),
    "governance.json": `${JSON.stringify(report, null, 2)}\n`,
  };
  return replaceFolder(dir, contents);
}
