/**
 * The overrides section of the governance report: how often planners override the recommended
 * order (by segment and by planner, in which direction), whether overriding became more
 * frequent inside the window (a sign of lost confidence in the numbers), and whether the orders
 * that overrode the recommendation ended in a stockout or in excess more often than the ones
 * that followed it. Pure.
 *
 * An order "ended in excess" when mean cover over its outcome span (see `DecisionOutcome`) is
 * above its segment's `targets.cover.maxWeeks`; "in a stockout" when a day of that span was out
 * of stock. Two groups are compared only with MIN_GROUP decisions in each, by a two-sided
 * two-proportion z-test at 5%.
 */
import { summedWeeks, weekList } from "../metrics/week-counts.js";
import type { SegmentResult } from "../evaluate/segment-portfolio.js";
import type { Estimate } from "../stats/stats.js";
import { proportionInterval, ratioEstimate, risingP, twoProportionP } from "../stats/stats.js";
import type { DecisionOutcome } from "../metrics/sku-metrics.js";

/** Decisions each group needs before two groups' outcome rates are compared. */
export const MIN_GROUP = 20;

export interface Rate {
  value: number | null;
  n: number;
  interval: [number, number] | null;
}

export interface OverrideRow {
  name: string;
  decisions: number;
  rate: Rate;
  upRate: Rate;
  downRate: Rate;
  /** Tolerance's overrideRate max for a segment; the routine rate for a planner. */
  limit: number | null;
  /** Segments a planner decided in. */
  segments?: string[];
}

export interface OutcomeComparison {
  outcome: "stockout" | "excess";
  overridden: Rate;
  followed: Rate;
  /** Two-sided p-value of equal rates; null when a group is below MIN_GROUP. */
  p: number | null;
  verdict: "more often" | "less often" | "no clear difference" | "not enough data";
}

export interface RisingRow {
  segment: string;
  early: Rate;
  late: Rate;
  /** One-sided p-value that overriding became more frequent. */
  p: number | null;
  rising: boolean;
}

export interface OverrideReview {
  segments: OverrideRow[];
  planners: OverrideRow[];
  outcomes: OutcomeComparison[];
  /** Decisions whose outcome span ended inside the window (the others are too recent). */
  judged: { overridden: number; followed: number };
  rising: RisingRow[];
}

const rate = (k: number, n: number): Rate => {
  const e: Estimate | undefined = proportionInterval(k, n);
  return e
    ? { value: e.value, n, interval: e.interval ?? null }
    : { value: null, n, interval: null };
};

/**
 * The override rate as the findings give it: pooled over the SKUs, with the cluster-robust
 * interval (a SKU's decisions are not independent), so the report shows one interval for it.
 */
const clusteredRate = (bySku: readonly { k: number; n: number }[]): Rate => {
  const e = ratioEstimate(
    bySku.map((x) => x.k),
    bySku.map((x) => x.n),
  );
  if (!e) return { value: null, n: 0, interval: null };
  // a rate's interval stays within 0..1, as the segments' metrics do
  const interval = e.interval
    ? ([Math.max(0, e.interval[0]), Math.min(1, e.interval[1])] as [number, number])
    : null;
  return { value: e.value, n: e.n, interval };
};

function row(
  name: string,
  counts: { n: number; up: number; down: number; bySku: { k: number; n: number }[] },
  limit: number | null,
): OverrideRow {
  return {
    name,
    decisions: counts.n,
    rate: counts.n > 0 ? clusteredRate(counts.bySku) : rate(0, 0),
    upRate: rate(counts.up, counts.n),
    downRate: rate(counts.down, counts.n),
    limit,
  };
}

function compare(
  outcome: OutcomeComparison["outcome"],
  overridden: readonly boolean[],
  followed: readonly boolean[],
): OutcomeComparison {
  const k1 = overridden.filter(Boolean).length;
  const k2 = followed.filter(Boolean).length;
  const a = rate(k1, overridden.length);
  const b = rate(k2, followed.length);
  if (overridden.length < MIN_GROUP || followed.length < MIN_GROUP)
    return { outcome, overridden: a, followed: b, p: null, verdict: "not enough data" };
  const p = twoProportionP(k1, overridden.length, k2, followed.length);
  const verdict =
    p >= 0.05
      ? "no clear difference"
      : (a.value ?? 0) > (b.value ?? 0)
        ? "more often"
        : "less often";
  return { outcome, overridden: a, followed: b, p, verdict };
}

interface PlannerCounts {
  n: number;
  up: number;
  down: number;
  segments: Set<string>;
  bySku: { k: number; n: number }[];
}

export function overrideReview(
  segments: readonly SegmentResult[],
  routineRate: number,
): OverrideReview {
  const planners = new Map<string, PlannerCounts>();
  const segmentRows: OverrideRow[] = [];
  const rising: RisingRow[] = [];
  const judged: { overridden: boolean; stockout: boolean; excess: boolean | null }[] = [];
  for (const s of segments) {
    const counts = { n: 0, up: 0, down: 0, bySku: [] as { k: number; n: number }[] };
    const maxWeeks = s.policy.value.targets.cover.maxWeeks;
    for (const k of s.skus) {
      counts.n += k.samples.decisions;
      counts.up += k.samples.overridesUp;
      counts.down += k.samples.overridesDown;
      counts.bySku.push({
        k: k.samples.overridesUp + k.samples.overridesDown,
        n: k.samples.decisions,
      });
      for (const [planner, c] of Object.entries(k.samples.byPlanner)) {
        const p = planners.get(planner) ?? {
          n: 0,
          up: 0,
          down: 0,
          segments: new Set<string>(),
          bySku: [],
        };
        p.bySku.push({ k: c.up + c.down, n: c.n });
        p.n += c.n;
        p.up += c.up;
        p.down += c.down;
        p.segments.add(s.name);
        planners.set(planner, p);
      }
      for (const o of k.samples.outcomes) judged.push(judge(o, maxWeeks));
    }
    segmentRows.push(row(s.name, counts, s.policy.value.tolerance?.overrideRate?.max ?? null));
    rising.push(risingRow(s.name, weekList(summedWeeks(s.skus))));
  }
  const plannerRows = [...planners.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, c]) => ({
      ...row(name === "" ? "(not named)" : name, c, routineRate),
      segments: [...c.segments].sort(),
    }));
  const overridden = judged.filter((j) => j.overridden);
  const followed = judged.filter((j) => !j.overridden);
  const excessKnown = (list: typeof judged): boolean[] =>
    list.flatMap((j) => (j.excess === null ? [] : [j.excess]));
  return {
    segments: segmentRows,
    planners: plannerRows,
    outcomes: [
      compare(
        "stockout",
        overridden.map((j) => j.stockout),
        followed.map((j) => j.stockout),
      ),
      compare("excess", excessKnown(overridden), excessKnown(followed)),
    ],
    judged: { overridden: overridden.length, followed: followed.length },
    rising,
  };
}

function judge(
  o: DecisionOutcome,
  maxWeeks: number,
): { overridden: boolean; stockout: boolean; excess: boolean | null } {
  return {
    overridden: o.direction !== "followed",
    stockout: o.stockout,
    excess: o.coverWeeks === null ? null : o.coverWeeks > maxWeeks,
  };
}

/** First third of the window's weeks against the last third. */
function risingRow(
  segment: string,
  weeks: readonly { overridden: number; decisions: number }[],
): RisingRow {
  const third = Math.floor(weeks.length / 3);
  const total = (list: typeof weeks) =>
    list.reduce((t, w) => ({ k: t.k + w.overridden, n: t.n + w.decisions }), { k: 0, n: 0 });
  const a = total(weeks.slice(0, third));
  const b = total(weeks.slice(weeks.length - third));
  const early = rate(a.k, a.n);
  const late = rate(b.k, b.n);
  if (third === 0 || a.n === 0 || b.n === 0)
    return { segment, early, late, p: null, rising: false };
  const p = risingP(a.k, a.n, b.k, b.n);
  return { segment, early, late, p, rising: p < 0.05 && (late.value ?? 0) > (early.value ?? 0) };
}
