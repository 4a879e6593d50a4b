/**
 * The report's Exceptions section: every exception with its state on the as-of date (live,
 * expiring within 30 days, expired), what it waives, and whether it is an orphan or covers
 * nothing; then the routine-exception findings. Pure.
 */
import { dayNumber } from "../dates.js";
import type { Finding } from "../findings/finding.js";
import { sourceOf } from "../policy/source-of.js";
import type { PolicySet } from "../types.js";

/** Days before its expiry a live exception is shown as expiring. */
export const EXPIRING_WITHIN_DAYS = 30;

export interface ExceptionRow {
  name: string;
  owner: string;
  approvedBy: string;
  approvedOn: string;
  expires: string;
  /** Days from the as-of date to the expiry (negative: expired that many days ago). */
  daysLeft: number;
  state: "live" | "expiring" | "expired";
  /** Findings it waives in this evaluation. */
  waives: number;
  /** Its subject exists in neither data nor policies. */
  orphan: boolean;
  /** Live, and covers no finding. */
  unused: boolean;
  reason: string;
  file: string;
  line: number;
}

export interface ExceptionReview {
  exceptions: ExceptionRow[];
  /** routine-exception findings: segments whose findings are mostly waived, owners holding most. */
  routine: Finding[];
}

const STATE_ORDER = { expired: 0, expiring: 1, live: 2 } as const;

export function exceptionReview(
  policies: PolicySet,
  findings: readonly Finding[],
  asOf: string,
): ExceptionReview {
  const open = findings.filter((f) => f.status !== "resolved");
  const about = (kind: string, name: string): boolean =>
    open.some((f) => f.kind === kind && f.scope === "exception" && f.subject === name);
  const exceptions = policies.exceptions.map((e): ExceptionRow => {
    const m = e.value.metadata;
    const daysLeft = dayNumber(e.value.expires) - dayNumber(asOf);
    const at = sourceOf(e, "/metadata/name");
    return {
      name: m.name,
      owner: m.owner,
      approvedBy: m.approvedBy,
      approvedOn: m.approvedOn,
      expires: e.value.expires,
      daysLeft,
      state: daysLeft < 0 ? "expired" : daysLeft <= EXPIRING_WITHIN_DAYS ? "expiring" : "live",
      waives: open.filter((f) => f.waived?.exception === m.name).length,
      orphan: about("orphan-exception", m.name),
      unused: about("unused-exception", m.name),
      reason: m.reason,
      file: at.file,
      line: at.line,
    };
  });
  exceptions.sort(
    (a, b) =>
      STATE_ORDER[a.state] - STATE_ORDER[b.state] ||
      a.daysLeft - b.daysLeft ||
      (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
  );
  return { exceptions, routine: open.filter((f) => f.kind === "routine-exception") };
}
