/**
 * Rules of PolicyException documents that schemas cannot express: approval and expiry dates in
 * order and within the RiskTolerance's maximum, a finding id that names a real kind and scope,
 * a metric the tool knows, and a `within` bound that has a value to bound. Each returns the
 * problems it finds; none throws on a schema-valid document.
 */
import { dateOfDay, dayNumber } from "../dates.js";
import type { Problem, ProblemCode } from "../errors.js";
import type { LoadedPolicy, PolicyException, RiskTolerance } from "../types.js";
import { suggestion } from "../vocabulary/did-you-mean.js";
import { FINDING_KIND_NAMES, parseFindingId } from "../vocabulary/finding-kinds.js";
import { knownFacts } from "./attributes.js";
import { locate } from "./locate.js";

/** Days an exception may last from its approval when the RiskTolerance does not say. */
export const DEFAULT_EXCEPTION_MAX_DAYS = 90;

type Exception = LoadedPolicy<PolicyException>;

const at = (doc: Exception, pointer: string, code: ProblemCode, message: string): Problem => ({
  ...locate(doc.positions, pointer, doc.file),
  code,
  message,
});

/** Approved on or before today, expiring on or after its approval and within the maximum. */
function datesInOrder(doc: Exception, today: string, maxDays: number): Problem[] {
  const { approvedOn } = doc.value.metadata;
  const { expires } = doc.value;
  if (approvedOn > today)
    return [
      at(
        doc,
        "/metadata/approvedOn",
        "future-approval",
        `expected metadata.approvedOn on or before today (${today}), found ${approvedOn}`,
      ),
    ];
  const since = doc.value.metadata.since;
  if (since !== undefined && since > approvedOn)
    return [
      at(
        doc,
        "/metadata/since",
        "invalid-date",
        `expected metadata.since (when first granted) on or before approvedOn (${approvedOn}), found ${since}`,
      ),
    ];
  const days = dayNumber(expires) - dayNumber(approvedOn);
  if (days < 0)
    return [
      at(
        doc,
        "/expires",
        "invalid-date",
        `expected expires on or after metadata.approvedOn (${approvedOn}), found ${expires}`,
      ),
    ];
  if (days > maxDays)
    return [
      at(
        doc,
        "/expires",
        "exception-too-long",
        `expected expires at most ${maxDays} days after approvedOn (${approvedOn}, so by ` +
          `${dateOfDay(dayNumber(approvedOn) + maxDays)}: the RiskTolerance's exceptions.maxDays), found ${expires}, ` +
          `${days} days after`,
      ),
    ];
  return [];
}

/** A finding id of a known kind and scope, agreeing with the other fields given beside it. */
function findingIdKnown(doc: Exception): Problem[] {
  const { covers } = doc.value;
  if (covers.finding === undefined) return [];
  const parsed = parseFindingId(covers.finding);
  if (!parsed) {
    const kind = covers.finding.split(":")[0] ?? "";
    return [
      at(
        doc,
        "/covers/finding",
        "invalid-value",
        `expected a finding id kind:scope/subject[:key] of a known kind and scope, as evaluate ` +
          `prints it, found ${JSON.stringify(covers.finding)}${suggestion(kind, FINDING_KIND_NAMES)}`,
      ),
    ];
  }
  return (["kind", "scope"] as const)
    .filter((field) => covers[field] !== undefined && covers[field] !== parsed[field])
    .map((field) =>
      at(
        doc,
        `/covers/${field}`,
        "invalid-value",
        `expected covers.${field} to agree with covers.finding (${parsed[field]}), found ` +
          `${JSON.stringify(covers[field])}`,
      ),
    );
}

/** A metric the tool computes, or a fact a check can name (a skus.csv column, an attribute). */
function metricKnown(doc: Exception, tolerance: RiskTolerance | undefined): Problem[] {
  const metric = doc.value.covers.metric;
  if (metric === undefined) return [];
  const known = knownFacts(tolerance);
  if (known.includes(metric)) return [];
  return [
    at(
      doc,
      "/covers/metric",
      "unknown-metric",
      `expected a metric name, a skus.csv column or a declared attribute, found ` +
        `${JSON.stringify(metric)}${suggestion(metric, known)}`,
    ),
  ];
}

/** `within` bounds the covered metric's value: the exception must name one, and min ≤ max. */
function withinBoundsAMetric(doc: Exception): Problem[] {
  const { within, covers } = doc.value;
  if (!within) return [];
  const metric =
    covers.metric ?? (covers.finding ? parseFindingId(covers.finding)?.metric : undefined);
  if (metric === undefined)
    return [
      at(
        doc,
        "/within",
        "missing-field",
        "expected covers.metric (or a finding id with a metric) for within to bound, found none",
      ),
    ];
  if (within.min !== undefined && within.max !== undefined && within.min > within.max)
    return [
      at(
        doc,
        "/within/min",
        "min-above-max",
        `expected within.min ≤ max (${within.max}), found min ${within.min}`,
      ),
    ];
  return [];
}

/** Every problem of each exception; a document its schema rejected is read as far as it can be. */
export function exceptionProblems(
  exceptions: readonly Exception[],
  tolerance: RiskTolerance | undefined,
  today: string,
): Problem[] {
  const maxDays = tolerance?.exceptions?.maxDays ?? DEFAULT_EXCEPTION_MAX_DAYS;
  return exceptions.flatMap((doc) =>
    [
      () => datesInOrder(doc, today, maxDays),
      () => findingIdKnown(doc),
      () => metricKnown(doc, tolerance),
      () => withinBoundsAMetric(doc),
    ].flatMap((rule) => {
      try {
        return rule();
      } catch {
        return []; // malformed beyond what this rule reads: its schema problems say so
      }
    }),
  );
}
