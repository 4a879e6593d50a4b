// `npm run calibrate`: false-alarm rate, detection delay and censoring bias of the findings, on
// simulated companies with known truth (src/calibration), over more seeds than the tests use.
// Figures, not assertions; every number comes from the simulation.
import { censoringBias, detectionDelays, falseAlarms } from "../dist/calibration/calibrate.js";
import { DOMESTIC_SHOCK, weeklyCv } from "../dist/calibration/simulate-company.js";

const seeds = Array.from({ length: Number(process.env.CALIBRATE_SEEDS ?? 30) }, (_, i) => 1000 + i);
const quantiles = (xs) => {
  const found = xs.filter((x) => x !== undefined).sort((a, b) => a - b);
  const q = (p) => found[Math.min(found.length - 1, Math.floor(p * found.length))];
  return found.length
    ? `median ${q(0.5)} d, 90th ${q(0.9)} d, max ${found[found.length - 1]} d; ${xs.length - found.length} of ${xs.length} missed`
    : `none flagged of ${xs.length}`;
};

console.log(
  `stockpolicy calibration: ${seeds.length} seeds, 140 SKUs each (40 overseas, 40 domestic, 60 slow), 90-day windows\n`,
);
const calm = await falseAlarms(seeds, 6);
const kinds =
  Object.entries(calm.byKind)
    .map(([k, n]) => `${k} ${n}`)
    .join(", ") || "none";
const pct = (n) => `${((100 * n) / calm.evaluations).toFixed(1)}%`;
console.log(
  `false alarms  calm company, bounds at the truth: ${calm.alarmed} of ${calm.evaluations} monthly evaluations ` +
    `(${pct(calm.alarmed)}) raised a warning or error; by kind: ${kinds}\n` +
    `              ${calm.testsPerEvaluation.toFixed(1)} tests an evaluation, Holm at 5% across them; ` +
    `each test judged alone at 5%, ${calm.alarmedUnadjusted} (${pct(calm.alarmedUnadjusted)}) would have`,
);
const lead = await detectionDelays(
  seeds,
  { leadTimeFactor: 1.45 },
  "assumption-drift:segment/overseas:leadTimeDays",
  {
    leadTimeDays: 85,
    demandCv: 10,
  },
);
console.log(
  `detection     lead time ×1.45 (75 → 109 days, bound 85): ${quantiles(lead)} after the first affected order`,
);
const truth = weeklyCv(12, DOMESTIC_SHOCK);
const cv = await detectionDelays(
  seeds,
  { demandShock: 0.45 },
  "assumption-drift:segment/domestic:demandCv",
  {
    leadTimeDays: 1000,
    demandCv: 1.2 * truth,
  },
);
console.log(
  `detection     weekly demand CV ×${(weeklyCv(12, 0.45) / truth).toFixed(2)} (${truth.toFixed(2)} → ` +
    `${weeklyCv(12, 0.45).toFixed(2)}, bound ${(1.2 * truth).toFixed(2)}): ${quantiles(cv)} after the change`,
);
const bias = censoringBias(seeds);
console.log(
  `censoring     slow movers, lost_units withheld: estimated ${bias.estimatedLost.toFixed(0)} units lost against ` +
    `${bias.trueLost} true over ${bias.stockoutDays} stockout days: bias ${(100 * bias.bias).toFixed(1)}%`,
);
