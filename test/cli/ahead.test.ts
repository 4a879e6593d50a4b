/**
 * What looks ahead, through the real CLI on the demo company: the seasonal heroes projected to
 * run out as the peak begins (port congestion, weeks of cover left), suppliers' exposure and
 * concentration, and the report's sections for them and for where capital should sit.
 */
import { readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Finding } from "../../src/findings/finding.js";
import { runCli, tempDir } from "../helpers/cli.js";
import { demoCopy } from "../helpers/demo-cache.js";

let demo: string;

beforeAll(() => {
  demo = demoCopy(path.join(tempDir(), "kitebird"), "episodes");
});

const findings = (...args: string[]): Finding[] => {
  const r = runCli(["evaluate", "--db", "outcomes.db", "--format", "json", ...args], { cwd: demo });
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  return (JSON.parse(r.stdout) as { findings: Finding[] }).findings;
};

describe("looking ahead on the demo company", () => {
  it("projects every seasonal hero to run out in the first days of the peak, too late to order", () => {
    const hero = findings().find(
      (f) => f.id === "projected-stockout:segment/seasonal-hero:projected",
    );
    expect(hero).toMatchObject({ severity: "warning", actual: 12, evidence: { n: 12 } });
    const projected = hero?.evidence.projected ?? [];
    expect(projected).toHaveLength(10); // named; the rest counted
    expect(hero?.evidence.moreSkus).toBe(2);
    expect(hero?.evidence.horizon?.from).toBe("2026-11-01");
    for (const p of projected) {
      expect(p.date >= "2026-11-01" && p.date <= "2026-11-30").toBe(true);
      expect(p.orderInTime).toBe(false); // overseas: 60–75 days away
      expect(p.capital).toBeGreaterThan(0);
    }
    // the two SKUs not named are in the total too, and need less than any named one
    const named = projected.reduce((t, p) => t + p.capital, 0);
    const least = Math.min(...projected.map((p) => p.capital));
    expect(hero?.evidence.capitalNeeded).toBeGreaterThan(named);
    expect(hero?.evidence.capitalNeeded).toBeLessThanOrEqual(named + 2 * least + 1e-6);
    expect(hero?.source?.file).toBe("policies/segments/seasonal-hero.yaml");
  });

  it("raises supplier-concentration where the tolerance's share is lower than a supplier's", () => {
    expect(findings().filter((f) => f.kind === "supplier-concentration")).toEqual([]); // 40% allowed
    const file = path.join(demo, "policies", "tolerance.yaml");
    const text = readFileSync(file, "utf8");
    writeFileSync(file, text.replace("capitalShare: { max: 0.40 }", "capitalShare: { max: 0.30 }"));
    try {
      const found = findings().filter((f) => f.kind === "supplier-concentration");
      expect(found.map((f) => f.subject).sort()).toEqual(["Brightline Plastics", "Maple Works"]);
      const maple = found.find((f) => f.subject === "Maple Works");
      expect(maple?.evidence.supplier?.segments).toEqual(["long-tail", "steady-core", "clearance"]);
      expect(maple?.source).toMatchObject({ file: "policies/tolerance.yaml" });
      const check = runCli(["check", "--db", "outcomes.db", "--format", "json"], { cwd: demo });
      expect(check.code).toBe(1);
      const ids = (JSON.parse(check.stdout) as { findings: Finding[] }).findings.map((f) => f.id);
      expect(ids).toContain("supplier-concentration:supplier/Maple Works:capitalShare");
    } finally {
      writeFileSync(file, text);
    }
  });

  it("reports where capital should sit, and what lies ahead, in Markdown and HTML", () => {
    const r = runCli(["report", "--db", "outcomes.db", "--out", "out"], { cwd: demo });
    expect(r.code).toBe(0);
    const md = readFileSync(path.join(demo, "out", "2026-10", "governance.md"), "utf8");
    const html = readFileSync(path.join(demo, "out", "2026-10", "governance.html"), "utf8");
    expect(md).toContain("## Where capital should sit");
    expect(md).toMatch(
      /\| seasonal-hero \| KB-H\d\d \| 2026-11-\d\d \| \d+ \| USD [0-9,]+ \| arrives too late \|/,
    );
    expect(md).toMatch(/\| Maple Works \| 124 \| USD [0-9,]+ \|/);
    expect(md).toContain("### Frontier of steady-core");
    expect(html).toContain('<section id="allocation">');
    expect(html).toContain('<section id="ahead">');
    // one frontier chart a replayed segment, today's target ringed on each
    const charts = html.match(/<svg[^>]*aria-label="[^"]*: capital against fill rate"/g) ?? [];
    expect(charts).toHaveLength(4);
    expect((html.match(/class="today"/g) ?? []).length).toBe(4);
  });
});
