/**
 * SKU evaluations + policies → SKUs in segments, with segment and portfolio metrics. Portfolio-
 * relative SKU metrics (abcClass, capitalShare) are set first, since `match` rules may use them;
 * then each SKU is assigned (facts: its skus.csv columns and attributes, then its metrics, which
 * win on a name clash), then segments and the portfolio are rolled up. Pure: it returns new
 * values and changes none it is given.
 *
 * Stable membership: given a reference window (the window of the same length before the
 * evaluated one), a SKU is assigned on its metrics there and held in that segment for the
 * evaluated window's tests — a segment defined by what drifts would otherwise lose its drifting
 * SKUs to another segment and never show the drift. Where the evaluated window's metrics would
 * assign it elsewhere, `moved` says where and by which rule facts (segment-migration). A SKU
 * with no day of data in the reference window is assigned on the evaluated window.
 */
import type { CategoricalMetric } from "../metrics/observations.js";
import { rollUp } from "../metrics/roll-up.js";
import { metricEntries, withMetrics } from "../metrics/packed-metrics.js";
import { isMetricName } from "../vocabulary/metric-catalog.js";
import type { SkuEvaluation, SkuMetrics } from "../metrics/sku-metrics.js";
import type { LoadedPolicy, SegmentPolicy } from "../types.js";
import { NO_LEAVES, compileSegmentAssigner, segmentFactNames } from "./assign-segment.js";
import type { SegmentAssigner, SegmentAssignment } from "./assign-segment.js";
import { memberFacts, memberIndex } from "./membership-window.js";
import type { MembershipSku, MembershipWindow } from "./membership-window.js";

export interface AssignedSku extends SkuEvaluation {
  /** The segment that governs the SKU in this evaluation (on the reference window, if any). */
  assignment: SegmentAssignment;
  /** Where the evaluated window's own metrics would put it instead, if elsewhere. */
  moved?: Migration;
}

/** A SKU whose evaluated window assigns it elsewhere than its reference window. */
export interface Migration {
  /** The segment it would now be in; undefined when no segment would take it. */
  to: string | undefined;
  /** The rule facts whose result changed between the two windows (sorted). */
  facts: string[];
}

export interface SegmentResult {
  name: string;
  policy: LoadedPolicy<SegmentPolicy>;
  skus: AssignedSku[];
  metrics: SkuMetrics;
}

export interface SegmentedPortfolio {
  skus: AssignedSku[];
  segments: SegmentResult[];
  unassigned: AssignedSku[];
  portfolio: SkuMetrics;
}

/** What a SKU's portfolio-relative metrics are computed from: its revenue and its capital. */
interface Valued {
  sku: string;
  metrics: Pick<SkuMetrics, "revenue" | "capital">;
}

/**
 * A SKU's evaluation reduced to what membership on its window needs: the values of the facts
 * named (the ones segment rules read: segmentFactNames), for membershipColumns.
 */
export function membershipSku(e: SkuEvaluation, named: readonly string[]): MembershipSku {
  const holder: FactsHolder = { sku: e, over: undefined };
  return {
    sku: e.sku,
    values: named.map((name) => factOf(holder, name)),
    revenue: measured(e.metrics.revenue?.value),
    capital: measured(e.metrics.capital?.value),
    knownDays: e.samples.knownDays,
  };
}

const measured = (v: number | null | undefined): number => (typeof v === "number" ? v : NaN);

/** The facts of the reference SKU at index `i`, with `metrics`' measured values added. */
function membershipFactsWith(
  w: MembershipWindow,
  i: number,
  metrics: SkuMetrics,
): Record<string, unknown> {
  const facts = memberFacts(w, i);
  addMetricValues(facts, metrics);
  return facts;
}

/** A/B/C by cumulative revenue share: A up to 80%, B up to 95%, C the rest (ties broken by SKU). */
export function abcClasses(skus: readonly Valued[]): Map<string, "A" | "B" | "C"> {
  const revenue = skus.map((s) =>
    typeof s.metrics.revenue?.value === "number" ? s.metrics.revenue.value : 0,
  );
  const classes = new Map<string, "A" | "B" | "C">();
  abcOrder(
    skus.map((s) => s.sku),
    revenue,
    (i, c) => classes.set((skus[i] as Valued).sku, c),
  );
  return classes;
}

/** Each SKU's class (by index) by the rule of abcClasses; `revenue` 0 where none. */
function abcOrder(
  ids: readonly string[],
  revenue: ArrayLike<number>,
  classify: (i: number, c: "A" | "B" | "C") => void,
): void {
  let total = 0;
  for (let i = 0; i < ids.length; i++) total += revenue[i] as number;
  const at = (i: number): number => revenue[i] as number;
  const id = (i: number): string => ids[i] as string;
  const sorted = Array.from(ids, (_, i) => i).sort(
    (a, b) => at(b) - at(a) || (id(a) < id(b) ? -1 : 1),
  );
  let cumulative = 0;
  for (const i of sorted) {
    // A SKU is A while the revenue before it is under 80%: the one that crosses the line is still A.
    const before = total > 0 ? cumulative / total : 1;
    classify(i, before < 0.8 ? "A" : before < 0.95 ? "B" : "C");
    cumulative += at(i);
  }
}

/** Each measured metric's value as a fact under its name. */
function addMetricValues(facts: Record<string, unknown>, metrics: SkuMetrics): void {
  for (const [name, { value }] of metricEntries(metrics)) if (value !== null) facts[name] = value;
}

/** The facts a SKU's rules see: columns and attributes, then metric values (metrics win). */
export function skuFacts(sku: SkuEvaluation): Record<string, unknown> {
  return factsWith(sku.columns, sku.metrics);
}

/** What a view of a SKU's facts reads from; `full` once something lists them all. */
interface FactsHolder {
  sku: SkuEvaluation;
  over: Readonly<Record<string, unknown>> | undefined;
  full?: Record<string, unknown>;
}

function factOf(h: FactsHolder, name: string): unknown {
  if (h.over && Object.hasOwn(h.over, name)) return h.over[name];
  if (isMetricName(name)) {
    const v = h.sku.metrics[name]?.value;
    if (v !== undefined && v !== null) return v;
  }
  return Object.hasOwn(h.sku.columns, name) ? h.sku.columns[name] : undefined;
}

function allFacts(h: FactsHolder): Record<string, unknown> {
  h.full ??= Object.assign(skuFacts(h.sku), h.over);
  return h.full;
}

/** Read only: the facts are the SKU's. */
const FACTS_VIEW: ProxyHandler<FactsHolder> = {
  get: (h, name) => (typeof name === "string" ? factOf(h, name) : undefined),
  has: (h, name) => typeof name === "string" && Object.hasOwn(allFacts(h), name),
  ownKeys: (h) => Object.keys(allFacts(h)),
  getOwnPropertyDescriptor: (h, name) => {
    const facts = allFacts(h);
    if (typeof name !== "string" || !Object.hasOwn(facts, name)) return undefined;
    return { value: facts[name], writable: false, enumerable: true, configurable: true };
  },
  set: () => false,
  defineProperty: () => false,
  deleteProperty: () => false,
};

/**
 * The facts of `skuFacts` (with `over` set over them), read as they are asked for: compiled rules
 * read a few facts a SKU, and an object of some 40 facts for each SKU and each rule set was most
 * of what segmenting and checks allocated (0.7 GB at 50k SKUs). Listed in full only when the
 * engine asks (its leaves), then built once.
 */
export function skuFactsView(
  sku: SkuEvaluation,
  over?: Readonly<Record<string, unknown>>,
): Readonly<Record<string, unknown>> {
  return new Proxy<FactsHolder>({ sku, over }, FACTS_VIEW) as unknown as Readonly<
    Record<string, unknown>
  >;
}

/**
 * `base` facts with `metrics`' measured values added (a new object). Copied key by key, not
 * spread: every SKU's facts then share one chain of hidden classes (spreading the columns made
 * each SKU's facts a large object of its own: 300 MB at 50k SKUs).
 */
function factsWith(
  base: Readonly<Record<string, unknown>>,
  metrics: SkuMetrics,
): Record<string, unknown> {
  const facts: Record<string, unknown> = {};
  for (const name in base) facts[name] = base[name];
  addMetricValues(facts, metrics);
  return facts;
}

/** Each reference SKU's facts with its ABC class and share of capital in the reference portfolio. */
export function membershipFacts(w: MembershipWindow): Record<string, unknown>[] {
  const basis = referenceBasis(w);
  return w.skus.map((_, i) => membershipFactsWith(w, i, basis.relativeAt(i)));
}

const NO_REVENUE = Object.freeze({ value: null, n: 0, reason: "no revenue (no unit_price)" });
const NO_CAPITAL = Object.freeze({ value: null, n: 0, reason: "no capital measured" });

type Relative = Pick<SkuMetrics, "abcClass" | "capitalShare">;

/** The SKU metrics that depend on the whole portfolio: its ABC class and its share of capital. */
function relativeTo(e: Valued, basis: PortfolioBasis): Relative {
  const revenue = e.metrics.revenue?.value;
  return relativeMetrics(
    typeof revenue === "number" ? (basis.classes.get(e.sku) ?? "C") : undefined,
    e.metrics.capital?.value,
    basis,
  );
}

/** Of a SKU with `abc` its class (undefined: no revenue) and `capital` its capital. */
function relativeMetrics(
  abc: "A" | "B" | "C" | undefined,
  capital: number | null | undefined,
  basis: Omit<PortfolioBasis, "classes">,
): Relative {
  return {
    abcClass: abc !== undefined ? basis.abc[abc] : NO_REVENUE,
    capitalShare:
      typeof capital === "number" && basis.capital > 0
        ? { value: capital / basis.capital, n: basis.skus }
        : NO_CAPITAL,
  };
}

type ReferenceAssign = (leaves: boolean) => Promise<SegmentAssignment>;

/**
 * Assignment on the reference window: for a SKU with known days there, how to assign it on its
 * facts there (with its ABC class and share of capital in the reference portfolio).
 */
function referenceAssigner(
  w: MembershipWindow,
  assigner: SegmentAssigner,
): { known(sku: string): ReferenceAssign | undefined } {
  const basis = referenceBasis(w);
  return {
    known(sku) {
      const i = memberIndex(w, sku);
      if (i < 0 || w.knownDays[i] === 0) return undefined;
      return (leaves) =>
        assigner.assign(membershipFactsWith(w, i, basis.relativeAt(i)), { leaves });
    },
  };
}

/** The reference portfolio's basis, its SKUs' relative metrics by index in its columns. */
function referenceBasis(w: MembershipWindow): { relativeAt(i: number): Relative } {
  const n = w.skus.length;
  const revenue = Float64Array.from(w.revenue, (v) => (Number.isNaN(v) ? 0 : v));
  const classes = new Array<"A" | "B" | "C">(n);
  abcOrder(w.skus, revenue, (i, c) => (classes[i] = c));
  let capital = 0;
  for (const v of w.capital) if (!Number.isNaN(v)) capital += v;
  const basis = { abc: abcMetrics(n), capital, skus: n };
  return {
    relativeAt: (i) =>
      relativeMetrics(
        Number.isNaN(w.revenue[i]) ? undefined : classes[i],
        Number.isNaN(w.capital[i]) ? undefined : w.capital[i],
        basis,
      ),
  };
}

export interface SegmentOptions {
  /** SKUs whose rule leaves are kept (for `explain`); none by default. */
  keepLeaves?: (sku: string) => boolean;
  /** The SKUs on the reference window, which membership is decided on. */
  reference?: MembershipWindow;
}

function capitalOf(evaluations: readonly Valued[]): number {
  return evaluations.reduce(
    (t, s) => t + (typeof s.metrics.capital?.value === "number" ? s.metrics.capital.value : 0),
    0,
  );
}

/** A portfolio's ABC classes and capital: what each SKU's portfolio-relative metrics need. */
interface PortfolioBasis {
  classes: ReadonlyMap<string, "A" | "B" | "C">;
  /** Each class as a metric value, one frozen object shared by every SKU of the class. */
  abc: Readonly<Record<"A" | "B" | "C", CategoricalMetric>>;
  capital: number;
  skus: number;
}

function portfolioBasis(evaluations: readonly Valued[]): PortfolioBasis {
  return {
    classes: abcClasses(evaluations),
    abc: abcMetrics(evaluations.length),
    capital: capitalOf(evaluations),
    skus: evaluations.length,
  };
}

/** Each class as a metric value of a portfolio of `n` SKUs. */
function abcMetrics(n: number): PortfolioBasis["abc"] {
  const abc = (value: "A" | "B" | "C"): CategoricalMetric => Object.freeze({ value, n });
  return { A: abc("A"), B: abc("B"), C: abc("C") };
}

/** A SKU's metrics with its ABC class and share of capital added: a new value. */
function completedMetrics(e: SkuEvaluation, basis: PortfolioBasis): SkuMetrics {
  return withMetrics(e.metrics, relativeTo(e, basis));
}

/** Each SKU's metrics completed with its ABC class and share of capital in that portfolio. */
export function withPortfolioMetrics(evaluations: readonly SkuEvaluation[]): SkuEvaluation[] {
  const basis = portfolioBasis(evaluations);
  return evaluations.map((e) => ({ ...e, metrics: completedMetrics(e, basis) }));
}

/** Where a SKU would go, and the rule facts of its old and new segment whose result changed. */
function migration(held: SegmentAssignment, now: SegmentAssignment): Migration {
  const changed = new Set<string>();
  for (const name of [held.segment, now.segment]) {
    if (name === undefined) continue;
    const before = held.leaves[name] ?? [];
    const after = now.leaves[name] ?? [];
    // A leaf the engine did not reach (result undefined) says nothing either way.
    before.forEach((leaf, i) => {
      const then = after[i]?.result;
      if (leaf.result !== undefined && then !== undefined && leaf.result !== then)
        changed.add(leaf.fact);
    });
  }
  return { to: now.segment, facts: [...changed].sort() };
}

/**
 * Segments the SKUs: each comes back as a new AssignedSku, its metrics completed with abcClass
 * and capitalShare; the evaluations given are left as they are.
 */
export async function segmentPortfolio(
  evaluations: readonly SkuEvaluation[],
  segments: readonly LoadedPolicy<SegmentPolicy>[],
  options: SegmentOptions = {},
): Promise<SegmentedPortfolio> {
  const basis = portfolioBasis(evaluations);
  const portfolioCapital = basis.capital;
  const assigner = compileSegmentAssigner(segments.map((s) => s.value));
  const reference = options.reference;
  const missing = reference
    ? segmentFactNames(segments.map((s) => s.value)).filter((f) => !reference.facts.includes(f))
    : [];
  // A read for other segments than these: assigning on it would read facts it did not keep.
  if (missing.length > 0)
    throw new Error(`the reference window was read without the facts ${missing.join(", ")}`);
  const onReference = reference ? referenceAssigner(reference, assigner) : undefined;
  const assigned: AssignedSku[] = [];
  for (const raw of evaluations) {
    const e: SkuEvaluation = { ...raw, metrics: completedMetrics(raw, basis) };
    // Each rule leaf of every segment is evaluated (by the engine) only where an explanation or
    // a migration reads it: for 50k SKUs they would be most of the time and memory it takes.
    const explained = options.keepLeaves?.(e.sku) === true;
    const assignNow = (leaves: boolean): Promise<SegmentAssignment> =>
      assigner.assign(skuFactsView(e), { leaves });
    const before = onReference?.known(e.sku);
    let now = await assignNow(explained);
    let held = before !== undefined ? await before(explained) : now;
    if (held !== now && held.segment !== now.segment && !explained) {
      now = await assignNow(true);
      held = await (before as ReferenceAssign)(true);
    }
    const moved = held !== now && held.segment !== now.segment ? migration(held, now) : undefined;
    const kept = explained || held.leaves === NO_LEAVES ? held : { ...held, leaves: NO_LEAVES };
    // One literal of one shape for every SKU (a spread with properties added after it took 350
    // bytes a SKU).
    const sku: AssignedSku = {
      sku: e.sku,
      columns: e.columns,
      metrics: e.metrics,
      samples: e.samples,
      assignment: kept,
    };
    if (moved) sku.moved = moved;
    assigned.push(sku);
  }
  const bySegment = new Map(segments.map((p) => [p.value.metadata.name, p]));
  const maxCoverWeeks = (s: SkuEvaluation): number | undefined => {
    const name = (s as AssignedSku).assignment.segment;
    return name === undefined ? undefined : bySegment.get(name)?.value.targets.cover.maxWeeks;
  };
  const results: SegmentResult[] = segments.map((policy) => {
    const members = assigned.filter((s) => s.assignment.segment === policy.value.metadata.name);
    return {
      name: policy.value.metadata.name,
      policy,
      skus: members,
      metrics: rollUp(members, { maxCoverWeeks, portfolioCapital }),
    };
  });
  return {
    skus: assigned,
    segments: results,
    unassigned: assigned.filter((s) => s.assignment.segment === undefined),
    portfolio: rollUp(assigned, { maxCoverWeeks, portfolioCapital }),
  };
}
