/**
 * Routine overriding of single SKUs: an override rate whose Wilson interval lies at or above the
 * routine rate (10 decisions at least), or the latest `streak` decisions all overridden where
 * that streak is improbable at the segment's own override rate (p^streak below 0.05 ÷ the SKUs
 * tested, so a segment of habitual overriders is its own finding, not a hundred SKU ones).
 */
import { finding, lineOf } from "../../findings/finding.js";
import type { Finding } from "../../findings/finding.js";
import { formatValue } from "../../findings/metric-phrases.js";
import { proportionInterval } from "../../stats/stats.js";
import type { Detector, EvaluationContext } from "../detector.js";
import { SKU_FINDINGS_PER_SEGMENT, byMateriality } from "../materiality.js";
import type { AssignedSku, SegmentResult } from "../segment-portfolio.js";

/** Decisions a SKU needs before its own override rate is judged. */
export const MIN_SKU_DECISIONS = 10;

interface Hit {
  k: AssignedSku;
  over: number;
  w: ReturnType<typeof proportionInterval>;
  byRate: boolean;
}

export const routineOverrideSkuDetector: Detector = {
  name: "single SKUs overridden routinely",
  kinds: ["routine-override"],
  detect(context) {
    return context.portfolio.segments.flatMap((seg) => segmentSkus(seg, context));
  },
};

function segmentSkus(seg: SegmentResult, context: EvaluationContext): Finding[] {
  const { rate, streak } = context.policies.tolerance.value.overrides.routine;
  const tested = seg.skus.filter((k) => k.samples.decisions > 0);
  const decisions = tested.reduce((t, k) => t + k.samples.decisions, 0);
  if (decisions === 0) return [];
  const base =
    tested.reduce((t, k) => t + k.samples.overridesUp + k.samples.overridesDown, 0) / decisions;
  const hits = tested
    .map((k) => {
      const over = k.samples.overridesUp + k.samples.overridesDown;
      const w = proportionInterval(over, k.samples.decisions);
      const byRate = k.samples.decisions >= MIN_SKU_DECISIONS && (w?.interval?.[0] ?? 0) >= rate;
      const byStreak =
        k.samples.lastStreak >= streak && base ** k.samples.lastStreak < 0.05 / tested.length;
      return { k, over, w, byRate, byStreak };
    })
    .filter((h) => h.byRate || h.byStreak)
    .sort((a, b) => byMateriality(a.k, b.k));
  const listed = hits.slice(0, SKU_FINDINGS_PER_SEGMENT);
  const more = hits.length - listed.length;
  return listed.map((h, i) =>
    skuFinding(h, seg, base, i === listed.length - 1 ? more : 0, context),
  );
}

function skuFinding(
  h: Hit,
  seg: SegmentResult,
  base: number,
  more: number,
  context: EvaluationContext,
): Finding {
  const { rate } = context.policies.tolerance.value.overrides.routine;
  const pct = (x: number) => formatValue("overrideRate", x);
  const value = h.w?.value ?? 0;
  const s = h.k.samples;
  const why = h.byRate
    ? `overridden on ${h.over} of ${s.decisions} decisions (${pct(value)}, ` +
      `95% interval from ${pct(h.w?.interval?.[0] ?? 0)})`
    : `overridden on its last ${s.lastStreak} decisions in a row, where ${seg.name} overrides ${pct(base)} of the time`;
  return finding({
    kind: "routine-override",
    severity: "warning",
    scope: "sku",
    subject: h.k.sku,
    policy: seg.policy,
    metric: "overrideRate",
    expected: { max: rate },
    actual: value,
    evidence: {
      n: s.decisions,
      interval: h.w?.interval ?? null,
      window: context.window,
      streak: s.lastStreak,
      segmentRate: base,
      ...(more > 0 ? { more } : {}),
    },
    message: `${h.k.sku} (${seg.name}) was ${why}: its recommendation is no longer what gets ordered.`,
    owner: seg.policy.value.metadata.owner,
    line: lineOf(context.policies.tolerance, "/overrides/routine"),
  });
}
