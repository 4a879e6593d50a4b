/**
 * The year's replay in two passes (run-simulate.ts): SKUs segmented with no daily series held,
 * then streamed with theirs and replayed one by one into a ReplayTable. What it adds up is the
 * same, to the last digit, as a replay of every SKU held in memory with its series — for the
 * demo's policies and for one that plans on last year's weeks (a third read, joined SKU by SKU).
 */
import { readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { replayedPortfolio } from "../../src/governance/replay-table.js";
import { withEvaluationSession } from "../../src/run/run-evaluation.js";
import { runSimulate, simulationDocument, withReplayWindow } from "../../src/run/run-simulate.js";
import { tempDir } from "../helpers/cli.js";
import { demoCopy } from "../helpers/demo-cache.js";

let demo: string;
const TODAY = "2026-12-01";

beforeAll(() => {
  demo = demoCopy(path.join(tempDir(), "kitebird"), "small");
});

/** simulate's document from every SKU of the year held in memory with its daily series. */
async function heldInMemory(policies: string) {
  const request = {
    policies,
    db: "outcomes.db",
    cwd: demo,
    today: TODAY,
    record: false,
    readOnly: true,
    window: { amount: 365, unit: "d" as const },
  };
  return withEvaluationSession(request, async (session) => {
    const to = session.lastDate as string;
    const portfolio = await session.segmentAt(to, { keep: { demand: true } });
    const replays = replayedPortfolio(portfolio, { frontier: true });
    return simulationDocument(session, { from: "2025-11-01", to }, portfolio, replays);
  });
}

describe("the year's replay, streamed", () => {
  it.each([
    ["the demo's policies", false],
    ["a segment planned on last year's weeks", true],
  ])("adds up to what a replay held in memory does: %s", async (_, lastYear) => {
    const file = path.join(demo, "policies", "segments", "seasonal-hero.yaml");
    const original = readFileSync(file, "utf8");
    const edited = lastYear
      ? original.replace(/demandBasis: forecast\b/, "demandBasis: last-year")
      : original;
    // The edit is made: a policy that plans on last year's weeks reads a third window.
    expect(edited !== original).toBe(lastYear);
    writeFileSync(file, edited);
    try {
      const streamed = await runSimulate({
        policies: "policies",
        db: "outcomes.db",
        cwd: demo,
        today: TODAY,
      });
      const held = await heldInMemory("policies");
      expect(streamed.from).toBe("2025-11-01");
      expect(streamed.portfolio.replayed).toBeGreaterThan(0);
      expect(streamed.frontiers?.segments.length).toBeGreaterThan(0);
      expect(JSON.stringify(streamed)).toBe(JSON.stringify(held));
    } finally {
      writeFileSync(file, original);
    }
  });

  it("holds no SKU's daily series while it replays, and replays every SKU it segmented", async () => {
    await withReplayWindow(
      { policies: "policies", db: "outcomes.db", cwd: demo, today: TODAY },
      ({ portfolio, replays }) => {
        expect(portfolio.skus.length).toBeGreaterThan(0);
        for (const s of portfolio.skus) {
          expect(s.samples.dailyDemand.length).toBe(0);
          expect(s.samples.dailyForecast.length).toBe(0);
        }
        expect(replays.count).toBe(portfolio.skus.length);
      },
    );
  });
});
