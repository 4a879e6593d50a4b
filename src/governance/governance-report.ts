/**
 * The monthly governance report as data: everything the Markdown, HTML and JSON renderings show,
 * in the order they show it. Built from one evaluation (findings already marked new, persisting
 * or resolved against last month) and the policies; pure, and dated by the as-of date only, so
 * the same inputs give the same bytes.
 */
import { dayNumber, dateOfDay, monthEnd } from "../dates.js";
import { round, summarize } from "../evaluate/evaluate.js";
import { exceptionReview } from "./exception-review.js";
import type { ExceptionReview } from "./exception-review.js";
import type { EvaluationResult } from "../evaluate/evaluate.js";
import { findingId } from "../findings/finding.js";
import type { Finding } from "../findings/finding.js";
import { actionFor } from "../findings/kinds.js";
import type { FindingKind } from "../findings/kinds.js";
import { formatValue, plural } from "../findings/metric-phrases.js";
import type { MetricValue } from "../metrics/observations.js";
import type { SkuEvaluation, SkuMetrics } from "../metrics/sku-metrics.js";
import { coverOutside, groupByFact, lostRevenue } from "./report-facts.js";
import type { TrendPoint } from "./report-facts.js";
import type { Bounds, PolicySet, SourcePosition } from "../types.js";
import { allPolicies } from "../policy/policy-summary.js";
import { VERSION } from "../version.js";
import { impliedPortfolio } from "../evaluate/implied-capital.js";
import type { SameCapitalAllocation } from "./allocate.js";
import { supplierExposure } from "../evaluate/supplier-exposure.js";
import type { SupplierRow } from "../evaluate/supplier-exposure.js";
import { overrideReview } from "./override-review.js";
import type { OverrideReview } from "./override-review.js";

export interface ReportPolicy {
  kind: string;
  name: string;
  version: number;
  owner: string;
  file: string;
  reviewedOn: string;
  reviewEveryDays: number;
  /** The date the next review is due. */
  reviewDue: string;
  /** Days past that date on the as-of date (negative: days left). */
  overdueDays: number;
}

export interface Measure {
  value: number | null;
  n: number;
  interval: [number, number] | null;
  bound: Bounds | null;
  /** An open tolerance-breach finding says the evidence puts this beyond its bound. */
  breach: boolean;
}

export interface RiskRow {
  name: string;
  owner: string;
  skus: number;
  capital: Measure;
  capitalShare: Measure;
  fillRate: Measure;
  excessShare: Measure;
  coverWeeks: Measure;
  /** What the targets imply for these SKUs under the (R, S) model, with the demand and lead times observed now. */
  implied: { capital: number; fillRate: number | null };
  /** Open findings about this segment (or the portfolio), by severity. */
  findings: { error: number; warning: number; info: number };
  /** Revenue of the demand stockouts left unserved over the window (estimated); null without prices. */
  lostRevenue: number | null;
  /** Cover below or above the segment's target range, or null inside it. */
  coverOutside: "below" | "above" | null;
}

export interface DriftRow {
  segment: string;
  owner: string;
  metric: string;
  assumed: Bounds;
  observed: Measure;
  verdict: "drifted" | "holds" | "not enough data";
  source: SourcePosition | null;
}

export interface PolicyChange {
  name: string;
  kind: string;
  from: number | null;
  to: number | null;
}

export interface TodoItem {
  severity: "error" | "warning";
  id: string;
  action: string;
  source: SourcePosition | null;
}

export interface GovernanceReport {
  schemaVersion: 1;
  tool: { name: "stockpolicy"; version: string };
  month: string;
  /** The company: the RiskTolerance policy's name. */
  company: string;
  /** The data ends before the month does: the report covers the month up to asOf. */
  partial: boolean;
  asOf: string;
  window: { from: string; to: string };
  /** The window asked for, when it began before the data and `window` was clipped. */
  windowAsked?: { from: string; to: string };
  /** The reference window segment membership was decided on, if not `window` itself. */
  membershipWindow?: { from: string; to: string };
  currency: string;
  verdict: { status: "out of tolerance" | "needs attention" | "within policy"; lines: string[] };
  risk: { portfolio: RiskRow; segments: RiskRow[] };
  findings: Finding[];
  owners: { owner: string; error: number; warning: number; info: number }[];
  drift: DriftRow[];
  /** For each drifted segment, the assumptions the observed data supports, as a YAML patch. */
  patches: { segment: string; owner: string; file: string; yaml: string }[];
  overrides: OverrideReview;
  signals: {
    asymmetry: Finding[];
    firefighting: Finding[];
    reviews: ReportPolicy[];
  };
  changes: {
    previousMonth: string;
    /** Where last month's findings came from: its committed report, or the data re-evaluated. */
    basis: "report" | "data" | "none";
    new: string[];
    persisting: { id: string; runs: number }[];
    resolved: string[];
    /** Policy versions changed since last month's report; null without that report. */
    policies: PolicyChange[] | null;
  };
  todo: { owner: string; items: TodoItem[]; info: number }[];
  policies: ReportPolicy[];
  /** The committed reports' months before this one (at most 12), then this month. */
  trend: TrendPoint[];
  /**
   * Where the capital should sit: every segment's frontier over the year to the as-of date, and
   * what today's replayed capital would serve allocated by marginal return; null without a year
   * of data to replay.
   */
  allocation: SameCapitalAllocation | null;
  /** Exposure by supplier across segments, most capital (held and on order) first. */
  suppliers: SupplierRow[];
  /** Every exception's state on the as-of date, and waiving that has become routine. */
  exceptions: ExceptionReview;
}

export interface PreviousMonth {
  month: string;
  basis: "report" | "data" | "none";
  /** The policies last month's report listed (only with basis "report"). */
  policies?: readonly { kind: string; name: string; version: number }[];
}

const open = (f: Finding): boolean => f.status !== "resolved";
/** Open and not waived: what owners act on. */
const actionable = (f: Finding): boolean => open(f) && f.waived === undefined;

function measure(value: MetricValue | undefined, bound?: Bounds, breach = false): Measure {
  return {
    breach,
    value: typeof value?.value === "number" ? round(value.value) : null,
    n: value?.n ?? 0,
    interval: value?.interval ? [round(value.interval[0]), round(value.interval[1])] : null,
    bound: bound ?? null,
  };
}

/** Open findings by severity. */
const counts = (findings: readonly Finding[]): RiskRow["findings"] => summarize(findings).findings;

function riskRow(
  name: string,
  owner: string,
  skus: readonly SkuEvaluation[],
  metrics: SkuMetrics,
  tolerance: Partial<Record<string, Bounds>>,
  cover: Bounds | null,
  findings: readonly Finding[],
  capitalBound: Bounds | undefined,
  implied: RiskRow["implied"],
): RiskRow {
  const breached = (metric: string) =>
    findings.some((f) => f.kind === "tolerance-breach" && f.metric === metric);
  const m = (metric: "capital" | "capitalShare" | "fillRate" | "excessShare", bound?: Bounds) =>
    measure(metrics[metric], bound, breached(metric));
  const coverWeeks = { ...measure(metrics.coverWeeks), bound: cover };
  const lost = lostRevenue(skus);
  return {
    name,
    owner,
    skus: skus.length,
    capital: m("capital", capitalBound ?? tolerance.capital),
    capitalShare: m("capitalShare", tolerance.capitalShare),
    fillRate: m("fillRate", tolerance.fillRate),
    excessShare: m("excessShare", tolerance.excessShare),
    coverWeeks,
    findings: counts(findings),
    implied,
    lostRevenue: lost === null ? null : round(lost),
    coverOutside: coverOutside(coverWeeks.value, cover),
  };
}

export function reportPolicies(policies: PolicySet, asOf: string): ReportPolicy[] {
  return allPolicies(policies).map((p) => {
    const m = p.value.metadata;
    const due = dayNumber(m.reviewedOn) + m.reviewEveryDays;
    return {
      kind: p.value.kind,
      name: m.name,
      version: m.version,
      owner: m.owner,
      file: p.file,
      reviewedOn: m.reviewedOn,
      reviewEveryDays: m.reviewEveryDays,
      reviewDue: dateOfDay(due),
      overdueDays: dayNumber(asOf) - due,
    };
  });
}

/** Where risk sits: a row a segment and one for the portfolio, with what the targets imply. */
function riskSection(
  portfolio: EvaluationResult["portfolio"],
  policies: PolicySet,
  current: readonly Finding[],
): GovernanceReport["risk"] {
  const about = (subject: string) => current.filter((f) => f.subject === subject);
  const implied = impliedPortfolio(portfolio);
  const impliedOf = (i: number): RiskRow["implied"] => {
    const x = implied.segments[i];
    return {
      capital: round(x?.capital ?? 0),
      fillRate: x?.fillRate == null ? null : round(x.fillRate),
    };
  };
  const segments = portfolio.segments.map((s, i) =>
    riskRow(
      s.name,
      s.policy.value.metadata.owner,
      s.skus,
      s.metrics,
      s.policy.value.tolerance ?? {},
      s.policy.value.targets.cover
        ? { min: s.policy.value.targets.cover.minWeeks, max: s.policy.value.targets.cover.maxWeeks }
        : null,
      about(s.name),
      undefined,
      impliedOf(i),
    ),
  );
  const tolerance = policies.tolerance.value;
  const portfolioRow = riskRow(
    "portfolio",
    tolerance.metadata.owner,
    portfolio.skus,
    portfolio.portfolio,
    tolerance.portfolio,
    null,
    current.filter((f) => f.scope === "portfolio"),
    tolerance.portfolio.capital,
    { capital: round(implied.capital), fillRate: null },
  );
  return { portfolio: portfolioRow, segments };
}

/** Every assumption of every segment: observed value, and whether it drifted. */
function driftSection(
  portfolio: EvaluationResult["portfolio"],
  current: readonly Finding[],
): DriftRow[] {
  return portfolio.segments.flatMap((s) =>
    Object.entries(s.policy.value.assumptions ?? {}).map(([metric, assumed]): DriftRow => {
      const has = (kind: FindingKind) =>
        current.some((f) => f.id === findingId(kind, "segment", s.name, metric));
      return {
        segment: s.name,
        owner: s.policy.value.metadata.owner,
        metric,
        assumed: assumed,
        observed: measure(s.metrics[metric as keyof SkuMetrics]),
        verdict: has("assumption-drift")
          ? "drifted"
          : has("insufficient-data")
            ? "not enough data"
            : "holds",
        source: s.policy.positions[`/assumptions/${metric}`] ?? null,
      };
    }),
  );
}

/** Findings counted by owner, and each owner's to-do list (info findings counted, not listed). */
function ownersSection(current: readonly Finding[]): Pick<GovernanceReport, "owners" | "todo"> {
  const ownerNames = [...new Set(current.map((f) => f.owner))].sort();
  const owners = ownerNames.map((owner) => ({
    owner,
    ...counts(current.filter((f) => f.owner === owner)),
  }));
  const todo = ownerNames.map((owner) => {
    const mine = current.filter((f) => f.owner === owner);
    return {
      owner,
      items: mine.flatMap((f): TodoItem[] =>
        f.severity === "info"
          ? []
          : [{ severity: f.severity, id: f.id, action: actionFor(f), source: f.source ?? null }],
      ),
      info: mine.filter((f) => f.severity === "info").length,
    };
  });
  return { owners, todo };
}

/** Policy versions that changed since last month's report (null when it is not known). */
function policyChanges(
  reviews: readonly ReportPolicy[],
  previous: PreviousMonth,
): PolicyChange[] | null {
  if (!previous.policies) return null;
  const previousVersions = new Map(previous.policies.map((p) => [`${p.kind}/${p.name}`, p]));
  const changes: PolicyChange[] = [];
  const seen = new Set<string>();
  for (const p of reviews) {
    const key = `${p.kind}/${p.name}`;
    seen.add(key);
    const before = previousVersions.get(key);
    if (!before || before.version !== p.version)
      changes.push({ name: p.name, kind: p.kind, from: before?.version ?? null, to: p.version });
  }
  for (const [key, p] of previousVersions)
    if (!seen.has(key)) changes.push({ name: p.name, kind: p.kind, from: p.version, to: null });
  return changes;
}

function changesSection(
  findings: readonly Finding[],
  reviews: readonly ReportPolicy[],
  previous: PreviousMonth,
): GovernanceReport["changes"] {
  return {
    previousMonth: previous.month,
    basis: previous.basis,
    new: findings.filter((f) => f.status === "new").map((f) => f.id),
    persisting: findings
      .filter((f) => f.status === "persisting")
      .map((f) => ({ id: f.id, runs: f.runs ?? 2 })),
    resolved: findings.filter((f) => f.status === "resolved").map((f) => f.id),
    policies: policyChanges(reviews, previous),
  };
}

/** What the same capital would serve allocated by marginal return, as the verdict says it. */
function reallocationText(a: SameCapitalAllocation | null, currency: string): string {
  if (!a) return "";
  const money = (x: number) => formatValue("capital", x, currency);
  const { current: now, proposed: next, improved } = a.allocation;
  if (!improved)
    return " Today's targets already serve the most margin their replayed capital can.";
  const moves = a.allocation.segments
    .filter((s) => s.proposed.target !== s.current.target)
    .map(
      (s) =>
        `${s.name} ${formatValue("fillRate", s.current.target)} → ${formatValue("fillRate", s.proposed.target)}`,
    );
  return (
    ` Replayed over ${a.from} – ${a.to}, today's targets hold ${money(now.capital)}; allocated by ` +
    `marginal return (${moves.join(", ")}), the same capital would have served ` +
    `${money(next.margin - now.margin)} more margin, at a fill rate of ` +
    `${formatValue("fillRate", next.fillRate)} instead of ${formatValue("fillRate", now.fillRate)}.`
  );
}

/** The segment whose capital is furthest from what its targets imply. */
function furthestFromTargets(segments: readonly RiskRow[]): RiskRow | undefined {
  const gap = (r: RiskRow) => Math.abs((r.capital.value ?? 0) - r.implied.capital);
  return [...segments].sort((a, b) => gap(b) - gap(a) || (a.name < b.name ? -1 : 1))[0];
}

/**
 * The verdict in four lines, money first: status and the distinct facts behind the findings;
 * capital held against what the targets imply, and where the two are furthest apart; revenue
 * lost to stockouts and the fill rate; what changed and who acts first.
 */
function verdictSection(
  month: string,
  risk: GovernanceReport["risk"],
  current: readonly Finding[],
  changes: GovernanceReport["changes"],
  currency: string,
  allocation: SameCapitalAllocation | null,
): GovernanceReport["verdict"] {
  const summary = counts(current);
  const status =
    summary.error > 0
      ? "out of tolerance"
      : summary.warning > 0
        ? "needs attention"
        : "within policy";
  const { portfolio: p, segments } = risk;
  const money = (x: number | null) => formatValue("capital", x, currency);
  const facts = groupByFact(current.filter((f) => f.severity !== "info")).length;
  const first = current.find((f) => f.severity !== "info");
  const capitalBound =
    p.capital.bound?.max !== undefined ? `; the limit is ${money(p.capital.bound.max)}` : "";
  const fillBound =
    p.fillRate.bound?.min !== undefined
      ? ` (tolerance ≥ ${formatValue("fillRate", p.fillRate.bound.min)})`
      : "";
  const far = furthestFromTargets(segments);
  const apart = far
    ? `; furthest apart: ${far.name} holds ${money(far.capital.value)} where its targets imply ` +
      `${money(far.implied.capital)}`
    : "";
  const lostBy = [...segments].sort((a, b) => (b.lostRevenue ?? 0) - (a.lostRevenue ?? 0))[0];
  const lost =
    p.lostRevenue === null
      ? `Revenue lost to stockouts: not measurable (no unit_price)`
      : `Revenue lost to stockouts over the window: about ${money(p.lostRevenue)} (estimated from lost demand)` +
        (lostBy?.lostRevenue ? `, ${money(lostBy.lostRevenue)} of it in ${lostBy.name}` : "");
  const act = first
    ? ` First to act: ${first.owner} on ${first.kind} in ${first.subject}.`
    : " Nothing to act on.";
  const findings = summary.error + summary.warning;
  const lines = [
    `${month}: ${status} — ${plural(summary.error, "error")}, ${plural(summary.warning, "warning")}` +
      `${findings > facts ? ` (${plural(facts, "distinct fact")})` : ""}, ${summary.info} info ` +
      `across ${plural(p.skus, "SKU")} in ${plural(segments.length, "segment")}.`,
    `Capital held ${money(p.capital.value)} against ${money(p.implied.capital)} the targets imply` +
      `${capitalBound}${apart}.${reallocationText(allocation, currency)}`,
    `${lost}; fill rate ${formatValue("fillRate", p.fillRate.value)}${fillBound}.`,
    `Since ${changes.previousMonth}: ${changes.new.length} new, ${changes.persisting.length} persisting, ` +
      `${changes.resolved.length} resolved.${act}`,
  ];
  return { status, lines };
}

export function buildGovernanceReport(
  month: string,
  result: EvaluationResult,
  policies: PolicySet,
  last: PreviousMonth,
  history: readonly TrendPoint[] = [],
  allocation: SameCapitalAllocation | null = null,
): GovernanceReport {
  const { document, portfolio } = result;
  const currency = policies.tolerance.value.currency;
  const findings = document.findings;
  const current = findings.filter(open);
  const acting = findings.filter(actionable);
  const risk = riskSection(portfolio, policies, current);
  const drift = driftSection(portfolio, current);
  const reviews = reportPolicies(policies, document.asOf);
  const { owners, todo } = ownersSection(acting);
  const changes = changesSection(findings, reviews, last);
  const tolerance = policies.tolerance.value;
  return {
    schemaVersion: 1,
    tool: { name: "stockpolicy", version: VERSION },
    month,
    company: tolerance.metadata.name,
    partial: document.asOf < monthEnd(month),
    asOf: document.asOf,
    window: document.window,
    ...(document.windowAsked ? { windowAsked: document.windowAsked } : {}),
    ...(document.membershipWindow ? { membershipWindow: document.membershipWindow } : {}),
    currency,
    verdict: verdictSection(month, risk, acting, changes, currency, allocation),
    risk,
    findings,
    owners,
    drift,
    patches: driftPatches(drift, portfolio.segments),
    overrides: roundReview(overrideReview(portfolio.segments, tolerance.overrides.routine.rate)),
    signals: {
      asymmetry: current.filter((f) => f.kind === "asymmetry"),
      firefighting: current.filter((f) => f.kind === "firefighting"),
      reviews: [...reviews].sort(
        (a, b) => b.overdueDays - a.overdueDays || (a.name < b.name ? -1 : 1),
      ),
    },
    changes,
    todo,
    policies: reviews,
    trend: [
      ...history.filter((h) => h.month < month).slice(-12),
      {
        month,
        capital: risk.portfolio.capital.value,
        fillRate: risk.portfolio.fillRate.value,
        findings: counts(current),
      },
    ],
    allocation,
    suppliers: supplierExposure(portfolio),
    exceptions: exceptionReview(policies, findings, document.asOf),
  };
}

/** Rounds every number of the overrides section to 6 decimals, for stable bytes. */
function roundReview(review: OverrideReview): OverrideReview {
  return JSON.parse(
    JSON.stringify(review, (_, v: unknown) => (typeof v === "number" ? round(v) : v)),
  ) as OverrideReview;
}

/** A bound that covers the observed 95% interval, rounded outwards: whole days, else 2 decimals. */
export function supportedBound(
  metric: string,
  side: "min" | "max",
  observed: Measure,
): number | null {
  const end = observed.interval ? observed.interval[side === "max" ? 1 : 0] : observed.value;
  if (end === null) return null;
  const scale = metric.endsWith("Days") ? 1 : 100;
  const rounded =
    side === "max" ? Math.ceil(end * scale - 1e-9) / scale : Math.floor(end * scale + 1e-9) / scale;
  return rounded;
}

function driftPatches(
  drift: readonly DriftRow[],
  segments: EvaluationResult["portfolio"]["segments"],
): GovernanceReport["patches"] {
  const patches: GovernanceReport["patches"] = [];
  for (const s of segments) {
    const rows = drift.filter((d) => d.segment === s.name && d.verdict === "drifted");
    if (rows.length === 0) continue;
    const lines = [
      `# ${s.policy.file}: the assumptions the data observed in the window supports`,
      "assumptions:",
    ];
    for (const d of rows) {
      const bound: Bounds = { ...d.assumed };
      const was: string[] = [];
      for (const side of ["min", "max"] as const) {
        const old = d.assumed[side];
        if (old === undefined) continue;
        const value = d.observed.value;
        const beyond = value !== null && (side === "max" ? value > old : value < old);
        if (!beyond) continue;
        const next = supportedBound(d.metric, side, d.observed);
        if (next === null) continue;
        bound[side] = next;
        was.push(`${side} was ${old}`);
      }
      const text = Object.entries(bound)
        .map(([k, v]) => `${k}: ${v}`)
        .join(", ");
      const digits = d.metric.endsWith("Days") ? 1 : 3;
      const short = (x: number | null) =>
        x === null ? "not measurable" : String(Number(x.toFixed(digits)));
      const interval = d.observed.interval
        ? ` (95% ${short(d.observed.interval[0])}–${short(d.observed.interval[1])}, n ${d.observed.n})`
        : ` (n ${d.observed.n})`;
      lines.push(
        `  ${d.metric}: { ${text} } # ${was.join(", ")}; observed ${short(d.observed.value)}${interval}`,
      );
    }
    patches.push({
      segment: s.name,
      owner: s.policy.value.metadata.owner,
      file: s.policy.file,
      yaml: `${lines.join("\n")}\n`,
    });
  }
  return patches;
}
