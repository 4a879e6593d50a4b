// Runs `evaluate` as the CLI does (the window, its reference window, forecasts ahead; nothing
// recorded) over a loaded store and prints its figures as JSON, with where the time went:
// reading and computing SKU metrics, then segments, rules and findings.
import { withEvaluationSession } from "../dist/run/run-evaluation.js";

const [db, policies] = process.argv.slice(2);
const started = performance.now();
const request = {
  policies,
  db,
  window: { amount: 90, unit: "d" },
  cwd: process.cwd(),
  today: "2100-01-01",
  record: false,
};
// Heap and typed arrays' buffers that stay after a full collection (the child runs with
// --expose-gc): what the SKUs read cost (packed metrics live in buffers, outside the heap).
const retained = () => {
  globalThis.gc?.();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
};
const out = await withEvaluationSession(request, async (session) => {
  const before = retained();
  const t0 = performance.now();
  const skus = await session.readSkus(session.lastDate);
  const t1 = performance.now();
  const bytesPerSku = (retained() - before) / Math.max(1, skus.evaluations.length);
  const t1b = performance.now();
  const result = await session.evaluateSkus(skus);
  const t2 = performance.now();
  return {
    reading: t1 - t0,
    evaluating: t2 - t1b,
    measuring: t1b - t1,
    bytesPerSku,
    skus: skus.evaluations.length,
    findings: result.document.findings.length,
  };
});
process.stdout.write(
  JSON.stringify({
    // The two collections that measure bytesPerSku are not the evaluation's time.
    ms: performance.now() - started - out.measuring,
    ...out,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
  }),
);
