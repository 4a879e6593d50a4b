/**
 * How the governance report writes measures, bounds and evidence: shared by its Markdown and
 * HTML renderings so both say the same thing in the same words. Plain text, unescaped.
 */
import type { Evidence, Finding } from "../findings/finding.js";
import { formatValue, metricCounts, metricLabel, plural } from "../findings/metric-phrases.js";
import type { ExceptionRow } from "../governance/exception-review.js";
import type { GovernanceReport, Measure, RiskRow } from "../governance/governance-report.js";
import type { Rate } from "../governance/override-review.js";
import type { Bounds, SourcePosition } from "../types.js";

export function boundText(metric: string, bound: Bounds | null, currency?: string): string {
  if (!bound) return "";
  const { min, max } = bound;
  if (min !== undefined && max !== undefined) {
    // "2–8 weeks", not "2 weeks–8 weeks"; money keeps its currency in front of each
    const a = formatValue(metric, min, currency);
    const b = formatValue(metric, max, currency);
    const unit = (x: string) => /^-?[\d.,]+( \w+?)s?$/.exec(x)?.[1];
    const shared = unit(a) !== undefined && unit(a) === unit(b);
    return `${shared ? a.replace(/ \w+$/, "") : a}–${b}`;
  }
  if (min !== undefined) return `≥ ${formatValue(metric, min, currency)}`;
  if (max !== undefined) return `≤ ${formatValue(metric, max, currency)}`;
  return "";
}

export function intervalText(
  metric: string,
  interval: readonly [number, number] | null | undefined,
  currency?: string,
): string {
  return interval
    ? `${formatValue(metric, interval[0], currency)} – ${formatValue(metric, interval[1], currency)}`
    : "";
}

/** "67.8% (95% 62.1% – 73.4%, n 1,234)" */
export function measureText(metric: string, m: Measure, currency?: string): string {
  const value = formatValue(metric, m.value, currency);
  const interval = intervalText(metric, m.interval, currency);
  return interval ? `${value} (95% ${interval})` : value;
}

export function rateText(r: Rate): string {
  if (r.value === null) return "no decisions";
  const interval = r.interval ? ` (95% ${intervalText("overrideRate", r.interval)})` : "";
  return `${formatValue("overrideRate", r.value)} of ${r.n.toLocaleString("en-US")}${interval}`;
}

export function sourceText(source: SourcePosition | null | undefined): string {
  return source ? `${source.file}:${source.line}:${source.column}` : "";
}

/**
 * "n 1,234 SKU-days, 95% interval 62.1% – 73.4%, p 0.0012 (Holm-adjusted 0.019 across 16 tests)
 * tested at 0.05, window 2026-08-03 – 2026-10-31"
 */
export function evidenceText(f: Finding, currency?: string): string {
  const e: Evidence = f.evidence;
  const unit = f.metric ? metricCounts(f.metric) : "";
  const counted = e.n === 1 ? unit.replace(/s\b/, "") : unit;
  const parts = [`n ${e.n.toLocaleString("en-US")}${counted ? ` ${counted}` : ""}`];
  if (e.clusters !== undefined) parts.push(`${e.clusters} SKUs pooled`);
  if (e.interval && f.metric)
    parts.push(`95% interval ${intervalText(f.metric, e.interval, currency)}`);
  if (e.p !== undefined) {
    const adjusted =
      e.adjustedP !== undefined
        ? ` (Holm-adjusted ${pText(e.adjustedP)}${e.tests !== undefined ? ` across ${e.tests} tests` : ""})`
        : "";
    parts.push(`p ${pText(e.p)}${adjusted}${e.level !== undefined ? ` tested at ${e.level}` : ""}`);
  }
  if (e.window) parts.push(`window ${e.window.from} – ${e.window.to}`);
  return parts.join(", ");
}

/** Two significant digits; under the 6 decimals documents keep, "below 0.000001". */
function pText(p: number): string {
  return p < 1e-6 ? "below 0.000001" : p.toPrecision(2);
}

export function findingTitle(f: Finding): string {
  const about = f.scope === f.subject ? f.subject : `${f.scope} ${f.subject}`; // not "portfolio portfolio"
  return `${f.kind} · ${about}${f.metric ? ` · ${metricLabel(f.metric)}` : ""}`;
}

export function statusText(f: Finding): string {
  const status = f.status === "persisting" ? `persisting (${f.runs ?? 2} months)` : f.status;
  return f.waived ? `${status}, waived by ${f.waived.exception} until ${f.waived.expires}` : status;
}

/** An exception's state in words: "expires in 12 days", "expired 16 days ago", orphan, unused. */
export function exceptionStateText(e: ExceptionRow): string {
  const when =
    e.state === "expired"
      ? `expired ${-e.daysLeft} day${e.daysLeft === -1 ? "" : "s"} ago`
      : `${e.state === "expiring" ? "expiring: " : ""}${e.daysLeft} day${e.daysLeft === 1 ? "" : "s"} left`;
  const flags = [e.orphan ? "its subject is gone" : "", e.unused ? "covers nothing" : ""].filter(
    Boolean,
  );
  return flags.length ? `${when}; ${flags.join(", ")}` : when;
}

/** The sentence under the Exceptions heading. */
export function exceptionsIntro(r: GovernanceReport): string {
  const rows = r.exceptions.exceptions;
  if (rows.length === 0)
    return "No exceptions (policies/exceptions/): every finding counts against its owner.";
  const count = (state: ExceptionRow["state"]) => rows.filter((e) => e.state === state).length;
  const waived = rows.reduce((t, e) => t + e.waives, 0);
  return (
    `${plural(rows.length, "exception")}: ${count("live") + count("expiring")} live ` +
    `(${count("expiring")} expiring within 30 days), ${count("expired")} expired; ` +
    `${plural(waived, "finding")} waived this month.`
  );
}

export const SEVERITY_HEADINGS = { error: "Errors", warning: "Warnings", info: "Info" } as const;

export function pValueText(p: number | null): string {
  if (p === null) return "";
  return p < 0.001 ? "p < 0.001" : `p = ${p.toFixed(3)}`;
}

/** What last month's findings were compared with. */
export function basisText(ch: GovernanceReport["changes"]): string {
  return ch.basis === "report"
    ? `Compared with the ${ch.previousMonth} report.`
    : ch.basis === "data"
      ? `No ${ch.previousMonth} report was found, so last month was re-evaluated from the data with today's policies.`
      : `No data for ${ch.previousMonth}: every finding is new.`;
}

/** "trend v2 → v3, clearance added", or why there is nothing to say. */
export function policyVersionsText(ch: GovernanceReport["changes"]): string {
  if (ch.policies === null) return `not compared (no ${ch.previousMonth} report).`;
  if (ch.policies.length === 0) return "none changed.";
  return ch.policies
    .map(
      (p) =>
        `${p.name} ${p.from === null ? "added" : p.to === null ? "removed" : `v${p.from} → v${p.to}`}`,
    )
    .join(", ");
}

/** The sentence before the override-outcome table. */
export function judgedText(o: GovernanceReport["overrides"]): string {
  return (
    `Did overriding pay off? Of the decisions whose outcome is known (the two weeks after the order was ` +
    `due lie inside the window): ${o.judged.overridden} overrode the recommendation, ${o.judged.followed} followed it.`
  );
}

/** What the targets imply, in money (and the fill rate they buy, for a segment). */
export function impliedText(r: RiskRow, currency: string): string {
  const capital = formatValue("capital", r.implied.capital, currency);
  return r.implied.fillRate === null
    ? capital
    : `${capital} at ${formatValue("fillRate", r.implied.fillRate)}`;
}

/** The report's fixed "About this report", shared by Markdown and HTML. */
export const ABOUT = [
  "stockpolicy treats a stock policy as code: one YAML file a segment of SKUs, with an owner and a review " +
    "date, the *assumptions* it rests on (demand variability, lead times), its *targets* (fill rate, review " +
    "period, cover) and its *tolerance* (the outcomes and exposure the business accepts), plus one company-wide " +
    "risk tolerance. Each month it checks those files against what really happened — daily sales and stock, " +
    "purchase orders and their real lead times, what planners ordered against what was recommended — and " +
    "writes this report.",
  "A finding is raised only when the evidence excludes the policy's bound at 95% (a bound crossed by " +
    'noise is not a finding); "not enough data" is said as such. Each finding names its owner and the policy ' +
    "line it comes from, so the fix is a reviewed change to that line. Lost sales on stockout days are estimated, " +
    'so fill rates are not flattered by empty shelves. "Targets imply" is what a segment\'s fill-rate target ' +
    "and review period cost in stock under the demand and lead times now observed, by the textbook order-up-to " +
    "model; `stockpolicy simulate` replays the policies day by day over the real history where the formula's " +
    "normal assumption does not hold.",
];

/** The report's words, each in a line: the fixed glossary both renderings end with. */
export const GLOSSARY: readonly (readonly [string, string])[] = [
  [
    "Fill rate",
    "the share of demand served from stock; lost demand on stockout days is estimated where not given.",
  ],
  ["Capital", "the mean stock on hand over the window, at unit cost: cash tied up in inventory."],
  [
    "Targets imply",
    "the capital and fill rate a segment's targets come to under the (R, S) order-up-to model.",
  ],
  ["Excess", "capital above the segment's maximum cover (targets.cover.maxWeeks of mean demand)."],
  ["Cover", "weeks of mean demand the stock on hand at the end of the window would last."],
  [
    "Lost revenue",
    "revenue of the demand stockouts left unserved: revenue × (1 − fill rate) ÷ fill rate.",
  ],
  ["Override", "an order more than the tolerance's threshold away from the recommended quantity."],
  [
    "95% interval",
    "the range the true value lies in with 95% confidence, given the observations (n).",
  ],
  ["Finding", "a bound the evidence puts the data beyond, with its owner and policy line."],
  [
    "Frontier",
    "a segment's capital against its fill rate as its fill-rate target rises, each point replayed over " +
      "the year's demand and lead times.",
  ],
  [
    "Return a unit of capital",
    "margin served more for each unit of capital more, from the target below the proposed one.",
  ],
  [
    "Economic fill rate",
    "the newsvendor critical ratio: where a unit short costs its margin as much as a unit over costs " +
      "to hold for a review period.",
  ],
];

/** The report's sections in the order both renderers write them. */
export const REPORT_SECTIONS = [
  "head",
  "risk",
  "allocation",
  "ahead",
  "findings",
  "drift",
  "overrides",
  "signals",
  "exceptions",
  "changes",
  "trend",
  "todo",
] as const;

/** One renderer's sections: each writes its lines (Markdown) or elements (HTML). */
export type SectionRenderers = Readonly<
  Record<(typeof REPORT_SECTIONS)[number], (r: GovernanceReport) => string[]>
>;

/** Every section of the report, in order, by one renderer. */
export const renderSections = (r: GovernanceReport, by: SectionRenderers): string[] =>
  REPORT_SECTIONS.flatMap((name) => by[name](r));
