/**
 * Kitebird Toys, the demo company: its SKUs by merchandising line, each with the demand,
 * supply and planning behaviour the simulation plays out. Pure: a seed in, a catalogue out.
 */
import { Random } from "../stats/random.js";

export type Line = "core" | "hero" | "trend" | "tail" | "clearance";

export interface SkuSpec {
  index: number;
  sku: string;
  name: string;
  line: Line;
  category: string;
  supplier: string;
  overseas: boolean;
  unitCost: number;
  unitPrice: number;
  plannedLeadDays: number;
  /** Actual lead time = planned × log-normal(spread). */
  leadSpread: number;
  moq: number;
  casePack: number;
  /** Mean daily demand outside any season or promotion. */
  baseDemand: number;
  /** Daily noise of the demand mean (log-normal spread). */
  noise: number;
  /** Tail: chance of any demand on a day. */
  demandChance: number;
  /** Trend: day (from the simulation start) when the item peaks. */
  peakDay: number;
  /** Core: days (from the simulation start) when a 7-day promotion starts. */
  promoDays: number[];
  reviewDays: number;
  /** Safety factor of the order-up-to level. */
  z: number;
  planner: string | null;
  /** Log-scale error of the planner's forecast. */
  forecastError: number;
  /** Pinned segment in skus.csv. */
  segment: string | null;
}

export interface CompanyShape {
  /** SKUs in all; lines keep the demo's proportions (120 core, 12 hero, 40 trend, 110 tail, 18 clearance for 300). */
  skus: number;
  /** Days simulated before the first day written, so stock and pipelines look lived-in. */
  burnInDays: number;
  /** Days written. */
  days: number;
}

const MIX: readonly [Line, number][] = [
  ["core", 0.4],
  ["hero", 0.04],
  ["trend", 0.1334],
  ["tail", 0.3666],
  ["clearance", 0.06],
];

const PREFIX: Record<Line, string> = {
  core: "C",
  hero: "H",
  trend: "T",
  tail: "L",
  clearance: "X",
};

const CORE_NAMES = [
  "Wooden Train Set, 42 pcs",
  "Jigsaw Puzzle 500",
  'Craft Kit "Paint & Glue"',
  "Building Bricks Tub",
  "Stacking Rings",
  "Magnetic Tiles 60",
  "Play Dough 8-pack",
  "Marble Run Starter",
];
const HERO_NAMES = [
  "Electric Ride-on Jeep",
  "Victorian Dollhouse",
  "Advent Calendar — Castle",
  "Giant Plush Bear",
  "Race Track Deluxe",
  "Kitchen Playset XL",
];
const TREND_NAMES = [
  "Blind-box Critter",
  "Glitter Slime Lab",
  "Fidget Cube Pro",
  "Collectible Dino Egg",
  "Pop Bubble Keyring",
];
const TAIL_NAMES = [
  "Spare Wheel Set",
  "Puzzle Mat",
  "Replacement Battery Door",
  "Paint Refill",
  "Track Connector 10-pack",
];

/** The catalogue: deterministic for a seed. */
export function buildCompany(seed: number, shape: CompanyShape): SkuSpec[] {
  const counts = MIX.map(
    ([line, share]) => [line, Math.max(1, Math.round(share * shape.skus))] as const,
  );
  const specs: SkuSpec[] = [];
  const span = shape.burnInDays + shape.days;
  for (const [line, count] of counts) {
    for (let k = 0; k < count; k++) {
      const r = Random.derive(seed, "sku", line, k);
      const index = specs.length;
      const code = `KB-${PREFIX[line]}${String(k + 1).padStart(line === "hero" ? 2 : 4, "0")}`;
      const common = {
        index,
        sku: code,
        line,
        peakDay: 0,
        promoDays: [] as number[],
        demandChance: 1,
        segment: null as string | null,
      };
      if (line === "core") {
        const cost = round2(r.uniform(3, 15));
        specs.push({
          ...common,
          name: `${r.pick(CORE_NAMES)} #${k + 1}`,
          category: r.pick(["building", "puzzles", "crafts"]),
          supplier: r.pick(["Maple Works", "Brightline Plastics"]),
          overseas: false,
          unitCost: cost,
          unitPrice: round2(cost * r.uniform(2, 2.6)),
          plannedLeadDays: r.int(10, 21),
          leadSpread: 0.12,
          moq: 0,
          casePack: r.pick([6, 12, 24]),
          baseDemand: r.uniform(4, 22),
          noise: 0.18,
          promoDays: [r.int(0, span - 200), r.int(span - 200, span - 10)],
          reviewDays: 7,
          z: 2.1,
          planner: k % 2 === 0 ? "ana" : "ben",
          forecastError: 0.08,
        });
      } else if (line === "hero") {
        const cost = round2(r.uniform(20, 60));
        specs.push({
          ...common,
          name: `${HERO_NAMES[k % HERO_NAMES.length] ?? "Hero"}${k >= HERO_NAMES.length ? ` (${2 + Math.floor(k / HERO_NAMES.length)})` : ""}`,
          category: "seasonal",
          supplier: r.pick(["Shenzhen Joy Manufacturing", "Ningbo Toyworks"]),
          overseas: true,
          unitCost: cost,
          unitPrice: round2(cost * r.uniform(2.3, 2.8)),
          plannedLeadDays: r.int(60, 70),
          leadSpread: 0.1,
          moq: 200,
          casePack: r.pick([4, 6]),
          baseDemand: r.uniform(10, 30),
          noise: 0.15,
          reviewDays: 14,
          z: 2.3,
          planner: "carla",
          forecastError: 0.1,
        });
      } else if (line === "trend") {
        const cost = round2(r.uniform(2, 9));
        specs.push({
          ...common,
          name: `${r.pick(TREND_NAMES)} S${k + 1}`,
          category: "collectibles",
          supplier: "Trendcraft",
          overseas: false,
          unitCost: cost,
          unitPrice: round2(cost * r.uniform(2.5, 3.5)),
          plannedLeadDays: r.int(20, 30),
          leadSpread: 0.15,
          moq: 0,
          casePack: 12,
          baseDemand: r.uniform(15, 60),
          noise: 0.35,
          peakDay: r.int(Math.floor(span * 0.15), span - 40),
          reviewDays: 7,
          z: 1.3,
          planner: "dana",
          forecastError: 0.25,
        });
      } else if (line === "tail") {
        const cost = round2(r.uniform(1, 8));
        specs.push({
          ...common,
          name: `${r.pick(TAIL_NAMES)} ${k + 1}`,
          category: "parts",
          supplier: r.pick(["Maple Works", "Partsource"]),
          overseas: false,
          unitCost: cost,
          unitPrice: round2(cost * r.uniform(2, 3)),
          plannedLeadDays: r.int(21, 35),
          leadSpread: 0.18,
          moq: 0,
          casePack: 1,
          baseDemand: r.uniform(1, 3),
          noise: 0.3,
          demandChance: r.uniform(0.06, 0.3),
          reviewDays: 28,
          z: 1.1,
          planner: "ben",
          forecastError: 0.3,
        });
      } else {
        const cost = round2(r.uniform(2, 8));
        specs.push({
          ...common,
          name: `Discontinued ${r.pick(CORE_NAMES)} ${k + 1}`,
          category: "discontinued",
          supplier: "Maple Works",
          overseas: false,
          unitCost: cost,
          unitPrice: round2(cost * 1.2),
          plannedLeadDays: 21,
          leadSpread: 0.1,
          moq: 0,
          casePack: 1,
          baseDemand: r.uniform(1, 4),
          noise: 0.25,
          reviewDays: 28,
          z: 0,
          planner: null,
          forecastError: 0.2,
          segment: "clearance",
        });
      }
    }
  }
  return specs;
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
