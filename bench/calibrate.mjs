// `npm run calibrate`: false-alarm rate, detection delay and censoring bias of the findings, per
// detector, on simulated companies with known truth (src/calibration), over more seeds than the
// tests use. Figures, not assertions; every number comes from the simulation.
import { censoringBias, detectionDelays, falseAlarms } from "../dist/calibration/calibrate.js";
import {
  DOMESTIC_SHOCK,
  EXPEDITE_CHANCE,
  OVERRIDE_CHANCE,
  weeklyCv,
} from "../dist/calibration/simulate-company.js";

const seeds = Array.from({ length: Number(process.env.CALIBRATE_SEEDS ?? 30) }, (_, i) => 1000 + i);
const pct = (n, of) => `${((100 * n) / of).toFixed(1)}%`;
const quantiles = (xs) => {
  const found = xs.filter((x) => x !== undefined).sort((a, b) => a - b);
  const q = (p) => found[Math.min(found.length - 1, Math.floor(p * found.length))];
  return found.length
    ? `median ${q(0.5)} d, 90th ${q(0.9)} d, max ${found[found.length - 1]} d; ${xs.length - found.length} of ${xs.length} missed`
    : `none flagged of ${xs.length}`;
};

console.log(
  `stockpolicy calibration: ${seeds.length} seeds, 140 SKUs each (40 overseas, 40 domestic, 60 slow), 90-day windows; ` +
    `planners override ${pct(OVERRIDE_CHANCE, 1)} of recommendations, ${pct(EXPEDITE_CHANCE, 1)} of orders expedited\n`,
);

const calm = await falseAlarms(seeds, 6);
const kinds =
  Object.entries(calm.byKind)
    .map(([k, n]) => `${k} ${n}`)
    .join(", ") || "none";
console.log(
  `false alarms  calm company, bounds at the truth: ${calm.alarmed} of ${calm.evaluations} monthly evaluations ` +
    `(${pct(calm.alarmed, calm.evaluations)}) raised a warning or error; by kind: ${kinds}\n` +
    `              ${calm.testsPerEvaluation.toFixed(1)} tests an evaluation, Holm at 5% across them; ` +
    `each test judged alone at 5%, ${calm.alarmedUnadjusted} (${pct(calm.alarmedUnadjusted, calm.evaluations)}) would have`,
);
console.log(
  "\n  detector                   tests/evaluation   alarmed (family)   alarmed (each test alone at 5%)",
);
for (const [detector, d] of Object.entries(calm.byDetector).sort(([a], [b]) => (a < b ? -1 : 1)))
  console.log(
    `  ${detector.padEnd(26)} ${(d.tests / calm.evaluations).toFixed(1).padStart(16)}   ` +
      `${`${d.alarmed} (${pct(d.alarmed, calm.evaluations)})`.padStart(16)}   ` +
      `${`${d.alarmedUnadjusted} (${pct(d.alarmedUnadjusted, calm.evaluations)})`.padStart(16)}`,
  );
console.log("");

const isolated = { leadTimeDays: 1000, demandCv: 10 };
const truth = weeklyCv(12, DOMESTIC_SHOCK);
const episodes = [
  {
    label: "lead time ×1.45 (75 → 109 days, bound 85), from the first affected order",
    episode: { leadTimeFactor: 1.45 },
    id: "assumption-drift:segment/overseas:leadTimeDays",
    bounds: { leadTimeDays: 85, demandCv: 10 },
  },
  {
    label: `weekly demand CV ×${(weeklyCv(12, 0.45) / truth).toFixed(2)} (${truth.toFixed(2)} → ${weeklyCv(12, 0.45).toFixed(2)}, bound ${(1.2 * truth).toFixed(2)})`,
    episode: { demandShock: 0.45 },
    id: "assumption-drift:segment/domestic:demandCv",
    bounds: { leadTimeDays: 1000, demandCv: 1.2 * truth },
  },
  {
    label: `domestic expedites ${pct(EXPEDITE_CHANCE, 1)} → 25% of orders`,
    episode: { expediteChance: 0.25 },
    id: [
      "firefighting:segment/domestic:expediteRate",
      "firefighting:segment/domestic:expediteRate:trend",
    ],
    bounds: isolated,
  },
  {
    label: `planner domestic-a overrides ${pct(OVERRIDE_CHANCE, 1)} → 60% (routine rate 30%)`,
    episode: { overrider: { planner: "domestic-a", chance: 0.6 } },
    id: "routine-override:planner/domestic-a:overrideRate",
    bounds: isolated,
  },
  {
    label: "every planner cuts 50% of recommendations for 3 weeks",
    episode: { cut: { weeks: 3, chance: 0.5 } },
    id: "reactive-cut:portfolio/portfolio:overrideDownRate",
    bounds: isolated,
  },
];
for (const e of episodes) {
  const delays = await detectionDelays(seeds, e.episode, e.id, e.bounds);
  console.log(`detection     ${e.label}: ${quantiles(delays)}`);
}

const bias = censoringBias(seeds);
console.log(
  `\ncensoring     slow movers, lost_units withheld: estimated ${bias.estimatedLost.toFixed(0)} units lost against ` +
    `${bias.trueLost} true over ${bias.stockoutDays} stockout days: bias ${(100 * bias.bias).toFixed(1)}%`,
);
