// Runs one ingest and prints its figures as JSON: used by bench.mjs so that peak memory is
// this process's alone.
import { ingest } from "../dist/outcomes/ingest.js";
import { openStore } from "../dist/store/open-store.js";

const [dir, db] = process.argv.slice(2);
const started = performance.now();
const store = await openStore(db);
const report = await ingest(store, dir);
await store.close();
if (!report.written) {
  process.stderr.write(
    `${JSON.stringify([...report.problems, ...report.files.flatMap((f) => f.problems)].slice(0, 5))}\n`,
  );
  process.exit(1);
}
const ms = performance.now() - started;
process.stdout.write(
  JSON.stringify({ ms, maxRssBytes: process.resourceUsage().maxRSS * 1024, files: report.files }),
);
