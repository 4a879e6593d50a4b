/**
 * Windows that stay inside the data, through the real CLI on the real FreshRetail sample (90 days,
 * 2024-03-28 – 2024-06-25): a window asked for before the first day is clipped to it and the
 * output says so; an as-of date the data does not cover is refused with exit 2 and stored as no
 * run.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { EvaluationDocument } from "../../src/evaluate/evaluate.js";
import type { GovernanceReport } from "../../src/governance/governance-report.js";
import { ROOT, runCli, tempDir } from "../helpers/cli.js";
import { sharedDataset } from "../helpers/data.js";

const POLICIES = path.join(ROOT, "policies");
let db: string;

beforeAll(() => {
  db = path.join(tempDir(), "fresh.db");
  expect(runCli(["ingest", sharedDataset("freshretail-sample"), "--db", db]).code).toBe(0);
});

const evaluate = (...args: string[]) =>
  runCli(["evaluate", "--db", db, "--policies", POLICIES, "--format", "json", ...args]);

describe("honest windows on a short real export", () => {
  it("clips a 90-day window that would start before the data, and says so", () => {
    const r = evaluate("--as-of", "2024-05-31");
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as EvaluationDocument;
    expect(doc.window).toEqual({ from: "2024-03-28", to: "2024-05-31" });
    expect(doc.windowAsked).toEqual({ from: "2024-03-03", to: "2024-05-31" });
    for (const f of doc.findings)
      expect(f.evidence.window?.from ?? "2024-03-28").toBe("2024-03-28");
    const table = runCli(["evaluate", "--db", db, "--policies", POLICIES, "--as-of", "2024-05-31"]);
    expect(table.stdout).toContain(
      "The window asked for began 2024-03-03, before the first day of daily data: it starts on 2024-03-28",
    );
  });

  it("a default report uses only days inside the data, and says so in every format", () => {
    const out = tempDir();
    const r = runCli(["report", "--db", db, "--policies", POLICIES, "--out", out]);
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(
      readFileSync(path.join(out, "2024-05", "governance.json"), "utf8"),
    ) as GovernanceReport;
    expect(json.window.from).toBe("2024-03-28");
    expect(json.windowAsked?.from).toBe("2024-03-03");
    for (const file of ["governance.md", "governance.html"])
      expect(readFileSync(path.join(out, "2024-05", file), "utf8")).toContain(
        "The window asked for began 2024-03-03, before the first day of daily data",
      );
  });

  it("leaves a window inside the data as it is", () => {
    const doc = JSON.parse(evaluate("--as-of", "2024-06-25").stdout) as EvaluationDocument;
    expect(doc.window).toEqual({ from: "2024-03-28", to: "2024-06-25" });
    expect(doc.windowAsked).toBeUndefined();
  });

  it.each(["2030-01-01", "2024-03-27"])(
    "refuses --as-of %s outside the covered range with exit 2, and stores no run",
    (asOf) => {
      const before = evaluate();
      expect(before.code).toBe(0);
      const r = evaluate("--as-of", asOf);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toContain(
        `--as-of ${asOf}: expected a date the daily data covers, 2024-03-28 – 2024-06-25`,
      );
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
      // the refused run left no trace: the next normal run still follows the one before it
      const after = JSON.parse(evaluate().stdout) as EvaluationDocument;
      expect(after.findings.filter((f) => f.status === "new")).toEqual([]);
    },
  );
});
