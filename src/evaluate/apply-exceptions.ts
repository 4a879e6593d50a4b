/**
 * Governed exceptions applied to an evaluation's findings. Pure: the findings, the exceptions
 * and what exists in the data in; the findings out, each covered one `waived` by the first live
 * exception (in file order) that covers it, plus findings about the exceptions themselves:
 * - expired-exception: past its expiry on the as-of date (what it covered fails again);
 * - orphan-exception: its subject is no SKU, segment, planner or supplier of the data or policies;
 * - unused-exception: live, and covers no finding;
 * - routine-exception: a segment with most of its findings waived, one owner holding most of
 *   the live exceptions, or one exception renewed across more than two maximum terms.
 * A `within` bound keeps waiving only while the covered finding's value stays inside it.
 */
import { pushTo } from "../collections.js";
import { dayNumber } from "../dates.js";
import { finding, lineOf } from "../findings/finding.js";
import { formatValue } from "../findings/metric-phrases.js";
import type { Finding, Waiver } from "../findings/finding.js";
import { DEFAULT_EXCEPTION_MAX_DAYS } from "../policy/exception-rules.js";
import { sourceOf } from "../policy/source-of.js";
import type { LoadedPolicy, PolicyException, RiskTolerance } from "../types.js";
import { EXCEPTION_KINDS, parseFindingId } from "../vocabulary/finding-kinds.js";
import type { FindingScope } from "../vocabulary/finding-kinds.js";

type Exception = LoadedPolicy<PolicyException>;

/** What exists, scope by scope, for telling an orphan exception from a live one. */
export type Subjects = Partial<Record<FindingScope, ReadonlySet<string>>>;

/** Defaults of the RiskTolerance's exceptions.routine. */
export const ROUTINE_WAIVED_SHARE = 0.5;
export const ROUTINE_OWNER_SHARE = 0.5;
/** Fewest waived findings of a segment, and fewest live exceptions, before a share is judged. */
export const ROUTINE_MIN_WAIVED = 3;
export const ROUTINE_MIN_EXCEPTIONS = 4;
/** Maximum terms an exception may be renewed across before its waiving is routine. */
export const ROUTINE_RENEWED_TERMS = 2;

export interface ExceptionContext {
  asOf: string;
  window: { from: string; to: string };
  /** What exists, asked for only when there are exceptions (it walks every SKU). */
  subjects: () => Subjects;
  tolerance: LoadedPolicy<RiskTolerance>;
}

/** Whether every field the exception gives matches the finding. */
export function covers(e: PolicyException, f: Finding): boolean {
  const c = e.covers;
  return (
    (c.finding === undefined || c.finding === f.id) &&
    (c.kind === undefined || c.kind === f.kind) &&
    (c.scope === undefined || c.scope === f.scope) &&
    (c.subject === undefined || c.subject === f.subject) &&
    (c.metric === undefined || c.metric === f.metric)
  );
}

const isLive = (e: Exception, asOf: string): boolean => e.value.expires >= asOf;

/** Inside the exception's `within` bound (a finding without a number is not bounded). */
function withinBound(e: PolicyException, f: Finding): boolean {
  const b = e.within;
  if (!b || typeof f.actual !== "number") return true;
  return (b.min === undefined || f.actual >= b.min) && (b.max === undefined || f.actual <= b.max);
}

const waiverOf = (e: Exception): Waiver => ({
  exception: e.value.metadata.name,
  owner: e.value.metadata.owner,
  approvedBy: e.value.metadata.approvedBy,
  expires: e.value.expires,
  reason: e.value.metadata.reason,
  source: sourceOf(e, "/covers", "/metadata/name"),
});

const bound = (metric: string, b: { min?: number; max?: number }): string =>
  [
    b.min !== undefined ? `≥ ${formatValue(metric, b.min)}` : "",
    b.max !== undefined ? `≤ ${formatValue(metric, b.max)}` : "",
  ]
    .filter(Boolean)
    .join(" and ");

/** Each finding waived by the first live exception covering it, or told why one no longer does. */
function waive(findings: readonly Finding[], live: readonly Exception[]): Finding[] {
  return findings.map((f) => {
    if (EXCEPTION_KINDS.includes(f.kind)) return f;
    const covering = live.filter((e) => covers(e.value, f));
    const inBound = covering.find((e) => withinBound(e.value, f));
    if (inBound) return { ...f, waived: waiverOf(inBound) };
    const broken = covering[0];
    if (!broken) return f;
    const at = sourceOf(broken, "/within");
    return {
      ...f,
      message:
        `${f.message} Exception ${broken.value.metadata.name} (${at.file}:${at.line}) no longer waives ` +
        `it: ${formatValue(f.metric ?? "", f.actual)} is outside its bound ` +
        `${bound(f.metric ?? "", broken.value.within ?? {})}.`,
    };
  });
}

/**
 * The scope an exception names and the subjects it may mean: its subject, or its finding id's
 * (whose last ':' part is a metric or, SKU ids holding ':', part of the subject).
 */
function subjectOf(e: PolicyException): { scope?: string; subjects: string[] } | undefined {
  const c = e.covers;
  if (c.subject !== undefined)
    return { ...(c.scope ? { scope: c.scope } : {}), subjects: [c.subject] };
  const parsed = c.finding ? parseFindingId(c.finding) : undefined;
  if (!parsed || !c.finding) return undefined;
  const whole = c.finding.slice(parsed.kind.length + parsed.scope.length + 2);
  return { scope: parsed.scope, subjects: [...new Set([parsed.subject, whole])] };
}

/** Whether the subject the exception names exists in the data or the policies. */
function subjectExists(e: PolicyException, subjects: Subjects): boolean {
  const named = subjectOf(e);
  if (!named) return true;
  const sets = named.scope ? [subjects[named.scope as FindingScope]] : Object.values(subjects);
  return sets.some((set) => set !== undefined && named.subjects.some((s) => set.has(s)));
}

function exceptionEvidence(e: Exception, window: ExceptionContext["window"]): Finding["evidence"] {
  const at = sourceOf(e, "/metadata/name");
  return {
    n: 1,
    window,
    exceptions: [
      {
        name: e.value.metadata.name,
        owner: e.value.metadata.owner,
        expires: e.value.expires,
        file: at.file,
        line: at.line,
      },
    ],
  };
}

/** Expired, orphan and unused exceptions, one finding each on its own line. */
function exceptionFindings(
  exceptions: readonly Exception[],
  findings: readonly Finding[],
  ctx: Omit<ExceptionContext, "subjects"> & { subjects: Subjects },
): Finding[] {
  return exceptions.flatMap((e): Finding[] => {
    const { name, owner } = e.value.metadata;
    const base = {
      scope: "exception" as const,
      subject: name,
      owner,
      evidence: exceptionEvidence(e, ctx.window),
    };
    const covered = findings.filter((f) => !EXCEPTION_KINDS.includes(f.kind) && covers(e.value, f));
    if (!isLive(e, ctx.asOf)) {
      const days = dayNumber(ctx.asOf) - dayNumber(e.value.expires);
      return [
        finding({
          ...base,
          kind: "expired-exception",
          severity: "warning",
          expected: { max: 0 },
          actual: days,
          evidence: { ...base.evidence, n: covered.length, expires: e.value.expires },
          message:
            `Exception ${name} expired on ${e.value.expires}, ${days} days before ${ctx.asOf}: the ` +
            `${covered.length} finding${covered.length === 1 ? "" : "s"} it covered ` +
            `${covered.length === 1 ? "is" : "are"} no longer waived.`,
          line: lineOf(e, "/expires"),
        }),
      ];
    }
    if (!subjectExists(e.value, ctx.subjects)) {
      const named = subjectOf(e.value);
      return [
        finding({
          ...base,
          kind: "orphan-exception",
          severity: "warning",
          message:
            `Exception ${name} names ${named?.scope ?? "a subject"} ${JSON.stringify(named?.subjects[0])}, ` +
            `which is in neither the data nor the policies as of ${ctx.asOf}.`,
          line: lineOf(e, "/covers/subject", "/covers/finding", "/covers"),
        }),
      ];
    }
    if (covered.length === 0)
      return [
        finding({
          ...base,
          kind: "unused-exception",
          severity: "info",
          evidence: { ...base.evidence, n: 0 },
          message: `Exception ${name} covers no finding of the evaluation ending ${ctx.asOf}.`,
          line: lineOf(e, "/covers"),
        }),
      ];
    return [];
  });
}

/** Segments whose findings are mostly waived, and one owner holding most of the live exceptions. */
function routineFindings(
  findings: readonly Finding[],
  live: readonly Exception[],
  ctx: ExceptionContext,
): Finding[] {
  const limits = ctx.tolerance.value.exceptions?.routine;
  const waivedShare = limits?.waivedShare ?? ROUTINE_WAIVED_SHARE;
  const ownerShare = limits?.ownerShare ?? ROUTINE_OWNER_SHARE;
  const bySegment = new Map<string, Finding[]>();
  for (const f of findings) {
    const segment = f.policy ?? f.evidence.segment;
    if (!segment || EXCEPTION_KINDS.includes(f.kind)) continue;
    pushTo(bySegment, segment, f);
  }
  const out: Finding[] = [];
  for (const [segment, list] of [...bySegment].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const waived = list.filter((f) => f.waived);
    const share = waived.length / list.length;
    if (waived.length < ROUTINE_MIN_WAIVED || share < waivedShare) continue;
    const names = [...new Set(waived.map((f) => f.waived?.exception))];
    const used = live.filter((e) => names.includes(e.value.metadata.name));
    out.push(
      finding({
        kind: "routine-exception",
        severity: "warning",
        scope: "segment",
        subject: segment,
        metric: null,
        key: "waivedShare",
        expected: { max: waivedShare },
        actual: share,
        evidence: {
          n: list.length,
          window: ctx.window,
          findings: list.length,
          waived: waived.length,
          exceptions: used.flatMap((e) => exceptionEvidence(e, ctx.window).exceptions ?? []),
        },
        message:
          `${waived.length} of ${segment}'s ${list.length} findings are waived by exceptions ` +
          `(${Math.round(share * 100)}%, the tolerance accepts under ${Math.round(waivedShare * 100)}%): ` +
          `the exceptions have become its policy.`,
        owner: used[0]?.value.metadata.owner ?? ctx.tolerance.value.metadata.owner,
        line: used[0] ? lineOf(used[0], "/covers") : undefined,
      }),
    );
  }
  if (live.length >= ROUTINE_MIN_EXCEPTIONS) {
    const byOwner = new Map<string, Exception[]>();
    for (const e of live) pushTo(byOwner, e.value.metadata.owner, e);
    for (const [owner, held] of [...byOwner].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const share = held.length / live.length;
      if (share < ownerShare || held.length < 2) continue;
      out.push(
        finding({
          kind: "routine-exception",
          severity: "warning",
          scope: "planner",
          subject: owner,
          metric: null,
          key: "ownerShare",
          expected: { max: ownerShare },
          actual: share,
          evidence: {
            n: live.length,
            window: ctx.window,
            exceptions: held.flatMap((e) => exceptionEvidence(e, ctx.window).exceptions ?? []),
          },
          message:
            `${owner} holds ${held.length} of the ${live.length} live exceptions ` +
            `(${Math.round(share * 100)}%, the tolerance accepts under ${Math.round(ownerShare * 100)}%).`,
          owner: ctx.tolerance.value.metadata.owner,
          line: lineOf(held[0] as Exception, "/metadata/owner"),
        }),
      );
    }
  }
  return out;
}

/**
 * Live exceptions renewed again and again: waiving since `since` for more than
 * ROUTINE_RENEWED_TERMS maximum terms (the RiskTolerance's maxDays).
 */
function renewedFindings(live: readonly Exception[], ctx: ExceptionContext): Finding[] {
  const maxDays = ctx.tolerance.value.exceptions?.maxDays ?? DEFAULT_EXCEPTION_MAX_DAYS;
  return live.flatMap((e): Finding[] => {
    const since = e.value.metadata.since;
    if (since === undefined) return [];
    const days = dayNumber(e.value.expires) - dayNumber(since);
    const terms = days / maxDays;
    if (terms <= ROUTINE_RENEWED_TERMS) return [];
    const { name, owner } = e.value.metadata;
    return [
      finding({
        kind: "routine-exception",
        severity: "warning",
        scope: "exception",
        subject: name,
        metric: null,
        key: "renewed",
        expected: { max: ROUTINE_RENEWED_TERMS * maxDays },
        actual: days,
        evidence: { ...exceptionEvidence(e, ctx.window), n: days },
        message:
          `Exception ${name} has waived since ${since} and now runs to ${e.value.expires}: ${days} days, ` +
          `${terms.toFixed(1)} times the ${maxDays}-day maximum. Renewed this often, it is the policy.`,
        owner,
        line: lineOf(e, "/metadata/since"),
      }),
    ];
  });
}

/** The findings with exceptions applied, and the findings about the exceptions. */
export function applyExceptions(
  findings: readonly Finding[],
  exceptions: readonly Exception[],
  ctx: ExceptionContext,
): Finding[] {
  if (exceptions.length === 0) return [...findings];
  const live = exceptions.filter((e) => isLive(e, ctx.asOf));
  const subjects = ctx.subjects();
  const waived = waive(findings, live);
  return [
    ...waived,
    ...exceptionFindings(exceptions, waived, { ...ctx, subjects }),
    ...routineFindings(waived, live, ctx),
    ...renewedFindings(live, ctx),
  ];
}
