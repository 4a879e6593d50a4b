// Replays every segment's policy over the last 365 days of a loaded store and prints its figures
// as JSON: reading the store and computing SKU metrics, segmenting, and the replay itself.
import { segmentPortfolio } from "../dist/evaluate/segment-portfolio.js";
import { simulate } from "../dist/governance/simulation.js";
import { computeSku } from "../dist/metrics/sku-metrics.js";
import { loadPolicies } from "../dist/policy/load-policies.js";
import { openStore } from "../dist/store/open-store.js";
import { readLastDate, readObservations } from "../dist/store/read-observations.js";
import { windowStart } from "../dist/dates.js";

const [db, policiesDir] = process.argv.slice(2);
const started = performance.now();
const { policies } = await loadPolicies(policiesDir, { cwd: process.cwd(), today: "2100-01-01" });
const store = await openStore(db);
const asOf = await readLastDate(store.db);
const window = { from: windowStart(asOf, { amount: 365, unit: "d" }), to: asOf };
const evaluations = [];
for await (const o of readObservations(store.db, window))
  evaluations.push(
    computeSku(o, window, {
      overrideThreshold: policies.tolerance.value.overrides.threshold,
      keep: { demand: true },
    }),
  );
await store.close();
const t1 = performance.now();
const portfolio = await segmentPortfolio(evaluations, policies.segments);
const t2 = performance.now();
const result = simulate(portfolio, {
  from: window.from,
  to: window.to,
  currency: "USD",
  policies: [],
});
const t3 = performance.now();
process.stdout.write(
  JSON.stringify({
    reading: t1 - started,
    segmenting: t2 - t1,
    replay: t3 - t2,
    skus: evaluations.length,
    days: result.days,
    replayed: result.portfolio.replayed,
    skuDays: result.portfolio.replayed * result.days,
    fillRate: result.portfolio.fillRate,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
  }),
);
