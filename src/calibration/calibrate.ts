/**
 * Calibration: the findings scored against a company whose truth is known (simulate-company.ts).
 * - false alarms: on a calm company whose assumed bounds sit exactly at the truth, the share of
 *   monthly evaluations that raise any warning or error;
 * - detection delay: with a change injected on a known day, the days from it to the first daily
 *   evaluation that flags it (undefined when none does within the horizon);
 * - censoring bias: the lost demand of slow movers estimated with lost_units withheld, against
 *   the demand the stockouts really lost.
 * Pure: seeds in, figures out; `npm run calibrate` prints them, the calibration tests assert them.
 */
import { dateOfDay, dayNumber } from "../dates.js";
import { evaluate } from "../evaluate/evaluate.js";
import { segmentFactNames } from "../evaluate/assign-segment.js";
import { membershipColumns } from "../evaluate/membership-window.js";
import { membershipSku } from "../evaluate/segment-portfolio.js";
import type { EvaluationResult } from "../evaluate/evaluate.js";
import { FAMILY_LEVEL } from "../evaluate/family.js";
import type { TestOutcome } from "../evaluate/family.js";
import type { Finding } from "../findings/finding.js";
import { observationsIn } from "../metrics/observations.js";
import type { MetricWindow, SkuHistory, SkuObservations } from "../metrics/observations.js";
import { computeSku } from "../metrics/sku-metrics.js";
import type { LoadedPolicy, MetricBounds, PolicySet, SegmentPolicy } from "../types.js";
import { simulateCompany } from "./simulate-company.js";
import type { CalibrationLine, Company, CompanyOptions, Episode } from "./simulate-company.js";

export const START = "2025-01-06"; // a Monday
const WINDOW_DAYS = 90;
const SHAPE = { overseas: 40, domestic: 40, slow: 60 };
/** Days simulated before the change: a year, so windows before it lie wholly inside the data. */
export const CHANGE_DAY = 365;

/** The rows of one window, as the store would return them. */
export function windowObservations(sku: SkuHistory, window: MetricWindow): SkuObservations {
  return {
    ...observationsIn(sku, window),
    purchaseOrders: sku.purchaseOrders.filter((p) => p.ordered <= window.to),
    decisions: sku.decisions.filter((d) => d.date >= window.from && d.date <= window.to),
  };
}

function segment(line: CalibrationLine, assumptions: MetricBounds): LoadedPolicy<SegmentPolicy> {
  return {
    file: `policies/segments/${line}.yaml`,
    positions: {},
    keyPositions: {},
    value: {
      apiVersion: "stockpolicy/v1",
      kind: "SegmentPolicy",
      metadata: {
        name: line,
        version: 1,
        owner: `${line}@example.com`,
        reviewedOn: START,
        reviewEveryDays: 3650,
      },
      match: { all: [{ fact: "line", operator: "equal", value: line }] },
      priority: 1,
      assumptions,
      targets: { fillRate: 0.9, reviewPeriodDays: 7, cover: { minWeeks: 0, maxWeeks: 52 } },
    },
  };
}

/** Policies whose assumed bounds are the ones given (at the truth, or a margin above it). */
export function calibrationPolicies(bounds: { leadTimeDays: number; demandCv: number }): PolicySet {
  return {
    tolerance: {
      file: "policies/tolerance.yaml",
      positions: {},
      keyPositions: {},
      value: {
        apiVersion: "stockpolicy/v1",
        kind: "RiskTolerance",
        metadata: {
          name: "calibration",
          version: 1,
          owner: "cfo@example.com",
          reviewedOn: START,
          reviewEveryDays: 3650,
        },
        currency: "USD",
        portfolio: {},
        overrides: { threshold: 0.1, routine: { rate: 0.3, streak: 3 } },
      },
    },
    segments: [
      segment("overseas", { leadTimeDays: { max: bounds.leadTimeDays } }),
      segment("domestic", { demandCv: { max: bounds.demandCv } }),
      segment("slow", {}),
    ],
    checks: [],
    exceptions: [],
    tests: [],
  };
}

/** One evaluation of the company as of a day index. */
export async function evaluationAt(
  company: Company,
  day: number,
  policies: PolicySet,
): Promise<EvaluationResult> {
  const asOf = dayNumber(START) + day;
  const window = { from: dateOfDay(asOf - WINDOW_DAYS + 1), to: dateOfDay(asOf) };
  // Membership on the window before, as `evaluate` decides it (run/run-evaluation.ts).
  const before = { from: dateOfDay(asOf - 2 * WINDOW_DAYS + 1), to: dateOfDay(asOf - WINDOW_DAYS) };
  const skusIn = (w: MetricWindow) =>
    company.skus.map((s) => computeSku(windowObservations(s, w), w, { overrideThreshold: 0.1 }));
  const facts = segmentFactNames(policies.segments.map((s) => s.value));
  const members = skusIn(before).map((e) => membershipSku(e, facts));
  return evaluate(skusIn(window), policies, window, {
    reference: membershipColumns(before, facts, members),
  });
}

async function findingsAt(company: Company, day: number, policies: PolicySet): Promise<Finding[]> {
  return (await evaluationAt(company, day, policies)).document.findings;
}

const alarms = (findings: readonly Finding[]): Finding[] =>
  findings.filter((f) => f.severity !== "info");

function company(seed: number, episode?: Episode): Company {
  const options: CompanyOptions = { seed, days: CHANGE_DAY + 200, start: START, skus: SHAPE };
  return simulateCompany(episode ? { ...options, episode } : options);
}

export interface FalseAlarms {
  evaluations: number;
  /** Evaluations that raised at least one warning or error. */
  alarmed: number;
  /** Evaluations that would have, had each test been judged on its own at the family's level. */
  alarmedUnadjusted: number;
  /** Statistical tests an evaluation ran, on average. */
  testsPerEvaluation: number;
  /** Alarms by finding kind and metric ("assumption-drift leadTimeDays": 2). */
  byKind: Record<string, number>;
  /** By detector ("bound leadTimeDays", "firefighting", …): its tests, and the evaluations it alarmed. */
  byDetector: Record<string, DetectorAlarms>;
}

export interface DetectorAlarms {
  /** Its tests, summed over the evaluations. */
  tests: number;
  /** Evaluations in which the family rejected one of its tests. */
  alarmed: number;
  /** Evaluations in which one of its material tests had p below the family's level. */
  alarmedUnadjusted: number;
}

/** The detector a test belongs to: "bound leadTimeDays" for `bound:overseas/assumptions/leadTimeDays/max`. */
export function detectorOf(hypothesis: string): string {
  const [kind, rest = ""] = hypothesis.split(/:(.*)/s);
  return kind === "bound" ? `bound ${rest.split("/").at(-2) ?? ""}` : (kind ?? hypothesis);
}

function tally(byDetector: Record<string, DetectorAlarms>, tests: readonly TestOutcome[]): void {
  const seen = new Map<string, { rejected: boolean; unadjusted: boolean }>();
  for (const t of tests) {
    const d = detectorOf(t.hypothesis);
    const entry = (byDetector[d] ??= { tests: 0, alarmed: 0, alarmedUnadjusted: 0 });
    entry.tests++;
    const s = seen.get(d) ?? { rejected: false, unadjusted: false };
    seen.set(d, {
      rejected: s.rejected || t.rejected,
      unadjusted: s.unadjusted || (t.material && t.p < FAMILY_LEVEL),
    });
  }
  for (const [d, s] of seen) {
    const entry = byDetector[d] as DetectorAlarms;
    if (s.rejected) entry.alarmed++;
    if (s.unadjusted) entry.alarmedUnadjusted++;
  }
}

/** Monthly evaluations of calm companies whose bounds are exactly the truth. */
export async function falseAlarms(seeds: readonly number[], months = 6): Promise<FalseAlarms> {
  const out: FalseAlarms = {
    evaluations: 0,
    alarmed: 0,
    alarmedUnadjusted: 0,
    testsPerEvaluation: 0,
    byKind: {},
    byDetector: {},
  };
  let tests = 0;
  for (const seed of seeds) {
    const calm = company(seed);
    const policies = calibrationPolicies({
      leadTimeDays: calm.truth.overseasLeadDays,
      demandCv: calm.truth.domesticWeeklyCv,
    });
    for (let m = 0; m < months; m++) {
      const result = await evaluationAt(calm, CHANGE_DAY + 30 * m, policies);
      const found = alarms(result.document.findings);
      out.evaluations++;
      tests += result.tests.length;
      tally(out.byDetector, result.tests);
      if (found.length > 0) out.alarmed++;
      if (found.length > 0 || result.tests.some((t) => t.material && t.p < FAMILY_LEVEL))
        out.alarmedUnadjusted++;
      for (const f of found) {
        const key = `${f.kind} ${f.metric ?? ""}`.trim();
        out.byKind[key] = (out.byKind[key] ?? 0) + 1;
      }
    }
  }
  return { ...out, testsPerEvaluation: tests / out.evaluations };
}

/** Days from the change to the first daily evaluation with a finding on `id`, per seed. */
export async function detectionDelays(
  seeds: readonly number[],
  episode: Omit<Episode, "from">,
  /** The finding that flags it, or any of several (a bound's breach or a trend beside it). */
  id: string | readonly string[],
  bounds: { leadTimeDays: number; demandCv: number },
  horizon = 150,
): Promise<(number | undefined)[]> {
  const ids: readonly string[] = typeof id === "string" ? [id] : id;
  const delays: (number | undefined)[] = [];
  for (const seed of seeds) {
    const changed = company(seed, { ...episode, from: CHANGE_DAY });
    const policies = calibrationPolicies(bounds);
    let delay: number | undefined;
    // Weekly steps to narrow the search, then day by day inside the week that first flags.
    for (let d = 0; d <= horizon && delay === undefined; d += 7) {
      if (!(await flags(changed, d, policies, ids))) continue;
      for (let e = Math.max(0, d - 6); e <= d; e++)
        if (await flags(changed, e, policies, ids)) {
          delay = e;
          break;
        }
    }
    delays.push(delay);
  }
  return delays;
}

async function flags(
  c: Company,
  delay: number,
  policies: PolicySet,
  ids: readonly string[],
): Promise<boolean> {
  return alarms(await findingsAt(c, CHANGE_DAY + delay, policies)).some((f) => ids.includes(f.id));
}

export interface CensoringBias {
  /** Lost demand the stockouts of slow movers really cost, in units. */
  trueLost: number;
  estimatedLost: number;
  /** estimated ÷ true − 1. */
  bias: number;
  stockoutDays: number;
}

/** Estimated against true lost demand of the slow movers, over a 90-day window a seed. */
export function censoringBias(seeds: readonly number[]): CensoringBias {
  let trueLost = 0;
  let estimatedLost = 0;
  let stockoutDays = 0;
  for (const seed of seeds) {
    const calm = company(seed);
    const asOf = dayNumber(START) + CHANGE_DAY;
    const window = { from: dateOfDay(asOf - WINDOW_DAYS + 1), to: dateOfDay(asOf) };
    const first = CHANGE_DAY - WINDOW_DAYS + 1;
    for (const s of calm.skus) {
      if (calm.lines.get(s.sku) !== "slow") continue;
      const e = computeSku(windowObservations(s, window), window, { overrideThreshold: 0.1 });
      estimatedLost += e.samples.estimatedLost;
      stockoutDays += e.samples.outDays;
      const truth = calm.truth.demand.get(s.sku) as Float64Array;
      for (let i = 0; i < WINDOW_DAYS; i++) {
        const day = s.daily[first + i];
        if (day) trueLost += (truth[first + i] as number) - day.sold;
      }
    }
  }
  return { trueLost, estimatedLost, bias: estimatedLost / trueLost - 1, stockoutDays };
}
