/**
 * Which segment a SKU belongs to: a pinned segment (skus.csv `segment`) wins; otherwise the
 * matching segment of highest priority. Every other segment that matched is kept, for
 * `ambiguous-segment` and `segment-mismatch`.
 */
import type { SegmentPolicy, TopLevelCondition } from "../types.js";
import { conditionFacts } from "../vocabulary/conditions.js";
import { compileRules } from "./engine.js";
import type { Facts, LeafResult } from "./engine.js";

export interface SegmentMatch {
  name: string;
  priority: number;
}

export interface SegmentAssignment {
  /** The segment the SKU is governed by; undefined when none applies. */
  segment: string | undefined;
  reason: "pinned" | "matched" | "unassigned";
  /** Every segment whose `match` held, highest priority first (then by name). */
  matched: SegmentMatch[];
  /** Segments that matched at the same top priority as the winner (ambiguous when non-empty). */
  ties: string[];
  /** A pin naming no segment: ignored, and said. */
  unknownPin?: string;
  /** Each segment's leaves as evaluated, for `explain`. */
  leaves: Record<string, LeafResult[]>;
}

export interface SegmentAssigner {
  /**
   * The SKU's segment; with `leaves`, each segment's rule leaves as evaluated by the engine (for
   * `explain` and migrations), else none (the compiled rules, fast).
   */
  assign(facts: Facts, options?: { leaves?: boolean }): Promise<SegmentAssignment>;
}

/**
 * @example const assigner = compileSegmentAssigner(segments);
 *          (await assigner.assign({ demandCv: 0.3, plannedLeadTimeDays: 14 })).segment // "steady-core"
 */
export function compileSegmentAssigner(segments: readonly SegmentPolicy[]): SegmentAssigner {
  const priority = new Map(segments.map((s) => [s.metadata.name, s.priority]));
  const matching = segments
    .filter((s) => s.match !== undefined)
    .map((s) => ({ name: s.metadata.name, conditions: s.match as TopLevelCondition }));
  const names = matching.map((m) => m.name);
  const rules = compileRules(matching);
  // Without leaves an assignment depends only on which segments hold and on the pin: one frozen
  // value each, shared by every SKU that has it (bounded: pins come from the data).
  const shared = new Map<string, SegmentAssignment>();
  return {
    async assign(facts, options = {}) {
      const pin =
        typeof facts.segment === "string" && facts.segment !== "" ? facts.segment : undefined;
      if (options.leaves) return assignment(await rules.run(facts), pin, priority);
      const holds = await rules.holds(facts);
      const key = `${holds.map((h) => (h ? 1 : 0)).join("")}\u0000${pin ?? ""}`;
      let known = shared.get(key);
      if (!known) {
        const outcomes = holds.map((h, i) => ({ name: names[i] as string, holds: h, leaves: [] }));
        known = deepFreeze({ ...assignment(outcomes, pin, priority), leaves: NO_LEAVES });
        if (shared.size >= 4096) shared.clear();
        shared.set(key, known);
      }
      return known;
    },
  };
}

/** The facts assigning among `segments` reads, sorted: every fact their rules name, and the pin. */
export function segmentFactNames(segments: readonly SegmentPolicy[]): string[] {
  const names = new Set(["segment"]);
  for (const s of segments) for (const name of conditionFacts(s.match)) names.add(name);
  return [...names].sort();
}

/** The leaves of an assignment made without them (frozen, shared). */
export const NO_LEAVES: Readonly<Record<string, LeafResult[]>> = Object.freeze({});

function deepFreeze(a: SegmentAssignment): SegmentAssignment {
  a.matched.forEach((m) => Object.freeze(m));
  Object.freeze(a.matched);
  Object.freeze(a.ties);
  return Object.freeze(a);
}

/** The segment that governs, from each segment's rule outcome and the pin. */
function assignment(
  outcomes: readonly { name: string; holds: boolean; leaves: LeafResult[] }[],
  pin: string | undefined,
  priority: ReadonlyMap<string, number>,
): SegmentAssignment {
  const matched = outcomes
    .filter((o) => o.holds)
    .map((o) => ({ name: o.name, priority: priority.get(o.name) ?? 0 }))
    .sort((a, b) => b.priority - a.priority || a.name.localeCompare(b.name));
  const leaves = Object.fromEntries(outcomes.map((o) => [o.name, o.leaves]));
  if (pin !== undefined && priority.has(pin)) {
    return { segment: pin, reason: "pinned", matched, ties: [], leaves };
  }
  const unknownPin = pin !== undefined ? { unknownPin: pin } : {};
  const top = matched[0];
  if (!top)
    return { segment: undefined, reason: "unassigned", matched, ties: [], leaves, ...unknownPin };
  const ties = matched
    .slice(1)
    .filter((m) => m.priority === top.priority)
    .map((m) => m.name);
  return { segment: top.name, reason: "matched", matched, ties, leaves, ...unknownPin };
}
