/**
 * Routine overriding of single SKUs, two looks Bonferroni-combined: the SKU's override rate
 * above the routine rate (exact binomial, 10 decisions at least), or its latest `streak`
 * decisions all overridden where that streak is improbable at the segment's own override rate
 * (rate^streak). The SKUs of one segment are one block of the evaluation's family: together they
 * weigh as much as one bound test, so a segment of habitual overriders is its own finding, not
 * a hundred SKU ones, and a calm segment of a thousand SKUs raises none by chance. The most
 * material of those rejected are raised, the rest counted (family.ts).
 */
import { finding, lineOf } from "../../findings/finding.js";
import type { Finding } from "../../findings/finding.js";
import { formatValue } from "../../findings/metric-phrases.js";
import { binomialUpperTail, proportionInterval } from "../../stats/stats.js";
import type { Detector, EvaluationContext } from "../detector.js";
import { FAMILY_LEVEL } from "../family.js";
import type { Hypothesis } from "../family.js";
import { byMateriality } from "../materiality.js";
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

function segmentSkus(seg: SegmentResult, context: EvaluationContext): Hypothesis[] {
  const { rate, streak } = context.policies.tolerance.value.overrides.routine;
  const tested = seg.skus.filter((k) => k.samples.decisions > 0);
  const decisions = tested.reduce((t, k) => t + k.samples.decisions, 0);
  if (decisions === 0) return [];
  const base =
    tested.reduce((t, k) => t + k.samples.overridesUp + k.samples.overridesDown, 0) / decisions;
  // Most material first: the family raises the first few of a block it rejects.
  return [...tested].sort(byMateriality).map((k): Hypothesis => {
    const over = k.samples.overridesUp + k.samples.overridesDown;
    const rateP =
      k.samples.decisions >= MIN_SKU_DECISIONS
        ? binomialUpperTail(over, k.samples.decisions, rate)
        : undefined;
    const streakP = k.samples.lastStreak >= streak ? base ** k.samples.lastStreak : undefined;
    const looks = [rateP, streakP].filter((x) => x !== undefined);
    const p = looks.length ? Math.min(1, looks.length * Math.min(...looks)) : 1;
    const w = proportionInterval(over, k.samples.decisions);
    const hit = { k, over, w, byRate: rateP !== undefined && rateP <= (streakP ?? 1) };
    const tested = {
      hypothesis: `routine-override:sku:${k.sku}`,
      p,
      block: `routine-override:${seg.name}`,
    };
    return p < FAMILY_LEVEL ? { ...tested, finding: skuFinding(hit, seg, base, context) } : tested;
  });
}

function skuFinding(h: Hit, seg: SegmentResult, base: number, context: EvaluationContext): Finding {
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
    },
    message: `${h.k.sku} (${seg.name}) was ${why}: its recommendation is no longer what gets ordered.`,
    owner: seg.policy.value.metadata.owner,
    line: lineOf(context.policies.tolerance, "/overrides/routine"),
  });
}
