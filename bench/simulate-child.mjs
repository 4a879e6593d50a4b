// Replays every segment's policy over the last 365 days of a loaded store and prints its figures
// as JSON: reading the store and computing SKU metrics, segmenting, and the replay itself.
import { segmentPortfolio } from "../dist/evaluate/segment-portfolio.js";
import { simulate } from "../dist/governance/simulation.js";
import { withEvaluationSession } from "../dist/run/run-evaluation.js";

const [db, policiesDir] = process.argv.slice(2);
const started = performance.now();
const request = {
  policies: policiesDir,
  db,
  window: { amount: 365, unit: "d" },
  cwd: process.cwd(),
  today: "2100-01-01",
  record: false,
};
const { policies, read } = await withEvaluationSession(request, async (session) => ({
  policies: session.policies,
  read: await session.readSkus(session.lastDate, { keep: { demand: true } }),
}));
const { window, evaluations } = read;
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
