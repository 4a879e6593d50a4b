/**
 * A finding id belongs to one detector (evaluate.ts claimId): where two raised one id, one
 * finding silently replaced the other, severity and all — an expedite-rate bound's breach and
 * the expedite trend once did.
 */
import { describe, expect, it } from "vitest";
import type { Detector, EvaluationContext } from "../../src/evaluate/detector.js";
import { detect } from "../../src/evaluate/evaluate.js";
import { finding } from "../../src/findings/finding.js";

const raising = (name: string, key: string, hypothesis = false): Detector => ({
  name,
  kinds: ["firefighting"],
  detect() {
    const f = finding({
      kind: "firefighting",
      severity: "warning",
      scope: "segment",
      subject: "seasonal-hero",
      metric: "expediteRate",
      key,
      evidence: { n: 1 },
      message: name,
      owner: "ana",
    });
    return hypothesis ? [{ hypothesis: `${name}:${key}`, p: 0, finding: f }] : [f];
  },
});

const context = {} as EvaluationContext;

describe("finding ids", () => {
  it("two detectors raising one id is an error, not a finding replaced in silence", async () => {
    await expect(
      detect(context, [raising("bound", "expediteRate"), raising("trend", "expediteRate")]),
    ).rejects.toThrow(
      'two detectors raise the finding id firefighting:segment/seasonal-hero:expediteRate: "bound" and "trend"',
    );
    // A hypothesis's finding counts the same as one raised outright.
    await expect(
      detect(context, [raising("bound", "expediteRate"), raising("trend", "expediteRate", true)]),
    ).rejects.toThrow("two detectors raise the finding id");
  });

  it("ids of their own keep both: the bound's breach and the trend beside it", async () => {
    const { findings } = await detect(context, [
      raising("bound", "expediteRate"),
      raising("trend", "expediteRate:trend", true),
    ]);
    expect(findings.map((f) => f.id).sort()).toEqual([
      "firefighting:segment/seasonal-hero:expediteRate",
      "firefighting:segment/seasonal-hero:expediteRate:trend",
    ]);
  });

  it("one detector may raise an id twice without error (evaluate keeps one finding)", async () => {
    const twice = raising("bound", "fillRate");
    const { findings } = await detect(context, [
      { ...twice, detect: async (c) => [...(await twice.detect(c)), ...(await twice.detect(c))] },
    ]);
    expect(findings).toHaveLength(2);
  });
});
