// Runs `simulate` as the CLI does (the data's last 365 days, every segment's policy replayed and
// its frontier traced, in two passes over one snapshot) over a loaded store and prints its
// figures as JSON.
import { runSimulate } from "../dist/run/run-simulate.js";

const [db, policies] = process.argv.slice(2);
const started = performance.now();
const result = await runSimulate({ policies, db, cwd: process.cwd(), today: "2100-01-01" });
const ms = performance.now() - started;
process.stdout.write(
  JSON.stringify({
    ms,
    skus: result.portfolio.skus,
    days: result.days,
    replayed: result.portfolio.replayed,
    skuDays: result.portfolio.replayed * result.days,
    frontierSegments: result.frontiers?.segments.length ?? 0,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
  }),
);
