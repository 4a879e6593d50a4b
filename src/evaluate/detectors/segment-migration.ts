/**
 * segment-migration: a material share of a segment's SKUs (or of its capital) held on the
 * reference window's membership would be assigned elsewhere on the evaluated window's metrics —
 * at least MIGRATION_SHARE of either, and MIN_MIGRATED SKUs. The finding names where they would
 * go and which rule facts moved them; they stay in the segment for this evaluation's tests, so
 * that the drift that moves them is still measured where the policy assumed otherwise.
 */
import { pushTo } from "../../collections.js";
import { finding, lineOf } from "../../findings/finding.js";
import type { Finding } from "../../findings/finding.js";
import { formatValue } from "../../findings/metric-phrases.js";
import { sum } from "../../stats/stats.js";
import type { Detector, EvaluationContext } from "../detector.js";
import type { AssignedSku, SegmentResult } from "../segment-portfolio.js";

/** A share of a segment's SKUs or capital that makes a migration material. */
export const MIGRATION_SHARE = 0.2;
/** SKUs that must move, at least. */
export const MIN_MIGRATED = 3;

export const segmentMigrationDetector: Detector = {
  name: "segments whose SKUs would now be elsewhere",
  kinds: ["segment-migration"],
  detect(context) {
    if (!context.membership) return [];
    return context.portfolio.segments.flatMap((s) => migrated(s, context));
  },
};

const capital = (k: AssignedSku): number =>
  typeof k.metrics.capital?.value === "number" ? k.metrics.capital.value : 0;

function migrated(s: SegmentResult, { window, membership }: EvaluationContext): Finding[] {
  const moved = s.skus.filter((k) => k.moved);
  const total = sum(s.skus.map(capital));
  const movedCapital = sum(moved.map(capital));
  const share = moved.length / Math.max(1, s.skus.length);
  const capitalShare = total > 0 ? movedCapital / total : 0;
  if (moved.length < MIN_MIGRATED || Math.max(share, capitalShare) < MIGRATION_SHARE) return [];
  const byDestination = new Map<string, AssignedSku[]>();
  const byFact = new Map<string, number>();
  for (const k of moved) {
    pushTo(byDestination, k.moved?.to ?? "", k);
    for (const fact of k.moved?.facts ?? []) byFact.set(fact, (byFact.get(fact) ?? 0) + 1);
  }
  const destinations = [...byDestination]
    .map(([to, skus]) => ({
      to: to === "" ? null : to,
      skus: skus.length,
      capital: sum(skus.map(capital)),
    }))
    .sort((a, b) => b.skus - a.skus || ((a.to ?? "") < (b.to ?? "") ? -1 : 1));
  const facts = [...byFact]
    .map(([fact, skus]) => ({ fact, skus }))
    .sort((a, b) => b.skus - a.skus || (a.fact < b.fact ? -1 : 1));
  const pct = (x: number) => formatValue("capitalShare", x);
  const where = destinations.map((d) => `${d.skus} to ${d.to ?? "no segment"}`).join(", ");
  const why = facts.length
    ? `; moved by ${facts.map((f) => `${f.fact} (${f.skus} SKUs)`).join(", ")}`
    : "";
  const held = membership ? ` on ${membership.from} – ${membership.to}` : "";
  return [
    finding({
      kind: "segment-migration",
      severity: "warning",
      scope: "segment",
      subject: s.name,
      policy: s.policy,
      owner: s.policy.value.metadata.owner,
      metric: null,
      actual: share,
      evidence: {
        n: s.skus.length,
        interval: null,
        window,
        ...(membership ? { membershipWindow: membership } : {}),
        movedSkus: moved.length,
        movedCapitalShare: capitalShare,
        destinations,
        movedBy: facts,
      },
      message:
        `Of the ${s.skus.length} SKUs in ${s.name}${held}, ${moved.length} (${pct(capitalShare)} of its capital) ` +
        `would now be elsewhere: ${where}${why}. They are held in ${s.name} for this evaluation's tests.`,
      line: lineOf(s.policy, "/match", "/metadata/name"),
    }),
  ];
}
