// Runs one evaluation over a loaded store and prints its figures as JSON, with where the time
// went: reading the store, computing SKU metrics, and evaluating (segments, rules, findings).
import { evaluate } from "../dist/evaluate/evaluate.js";
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
const window = { from: windowStart(asOf, { amount: 90, unit: "d" }), to: asOf };
let reading = 0;
let computing = 0;
const evaluations = [];
let t = performance.now();
for await (const o of readObservations(store.db, window)) {
  const t1 = performance.now();
  reading += t1 - t;
  evaluations.push(
    computeSku(o, window, { overrideThreshold: policies.tolerance.value.overrides.threshold }),
  );
  t = performance.now();
  computing += t - t1;
}
const t2 = performance.now();
const { document } = await evaluate(evaluations, policies, window);
const evaluating = performance.now() - t2;
await store.close();
process.stdout.write(
  JSON.stringify({
    ms: performance.now() - started,
    reading,
    computing,
    evaluating,
    skus: evaluations.length,
    findings: document.findings.length,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
  }),
);
