/**
 * The HTML report in a real browser (Debian `chromium`, headless): it renders, its headings are
 * the report's sections in order, a screenshot is taken, and a SKU named like an HTML tag shows
 * as text — no element is made of it and no script runs. Skipped, and said so, where there is no
 * chromium (.ci/run installs it).
 */
import { spawnSync } from "node:child_process";
import { readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli, tempDir } from "../helpers/cli.js";
import { demoCopy } from "../helpers/demo-cache.js";

const CHROMIUM = process.env.CHROMIUM ?? "chromium";
const available = spawnSync(CHROMIUM, ["--version"], { encoding: "utf8" }).status === 0;
if (!available)
  console.warn(`Browser tests skipped: no ${CHROMIUM} on PATH (.ci/run installs Debian chromium).`);

const EVIL = "<img src=x onerror=alert(1)>";

function chromium(args: string[]): { stdout: string; stderr: string; status: number | null } {
  const profile = tempDir("stockpolicy-chromium-");
  const r = spawnSync(
    CHROMIUM,
    [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--disable-background-networking",
      "--no-first-run",
      "--hide-scrollbars",
      `--user-data-dir=${profile}`,
      ...args,
    ],
    { encoding: "utf8", timeout: 60_000 },
  );
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

let html: string;

beforeAll(() => {
  if (!available) return;
  const demo = path.join(tempDir(), "kitebird");
  demoCopy(demo, "small");
  // the demo's first hero, renamed in every file to something a browser would run
  const data = path.join(demo, "data");
  for (const f of readdirSync(data)) {
    const file = path.join(data, f);
    writeFileSync(file, readFileSync(file, "utf8").replaceAll("KB-H01", EVIL));
  }
  const out = path.join(tempDir(), "reports");
  const r = runCli(
    ["report", "--data", "data", "--policies", "policies", "--month", "2026-10", "--out", out],
    { cwd: demo },
  );
  expect(r.stderr).toBe("");
  html = path.join(out, "2026-10", "governance.html");
  expect(readFileSync(path.join(out, "2026-10", "governance.json"), "utf8")).toContain(EVIL);
}, 120_000);

describe.skipIf(!available)("the HTML report in headless Chromium", () => {
  it("renders its sections, in order, as headings", () => {
    const { stdout, status } = chromium(["--dump-dom", `file://${html}`]);
    expect(status).toBe(0);
    const headings = [...stdout.matchAll(/<h2>([^<]*)<\/h2>/g)].map((m) => m[1]);
    expect(headings).toEqual([
      "Verdict",
      "Where risk sits",
      "Where capital should sit",
      "Ahead: projected stockouts and suppliers",
      "Findings",
      "Drift",
      "Overrides",
      "Warning signals",
      "Exceptions",
      "What changed since 2026-09",
      "Month over month",
      "To-do by owner",
      "About this report",
    ]);
    expect(stdout).toMatch(/<h1>Stock policy governance — kitebird-toys, 2026-10<\/h1>/);
    // four bar charts with a value axis, and three month-over-month line charts, drawn as SVG
    // and one frontier chart a replayed segment (four on the demo)
    expect(stdout.match(/<svg /g)).toHaveLength(11);
    expect(stdout.match(/class="chart-tick"/g)?.length).toBeGreaterThanOrEqual(4 * 3 + 3 * 3);
  });

  it("shows a SKU named like an HTML tag as text: no element, no script", () => {
    const { stdout } = chromium(["--dump-dom", `file://${html}`]);
    // the parsed DOM holds it as text (serialized escaped) and never as an <img> element
    expect(stdout).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(stdout).not.toMatch(/<img[\s>]/i);
    expect(readFileSync(html, "utf8")).not.toMatch(/<script/i);
  });

  it("takes a screenshot of the rendered page", () => {
    const shot = path.join(tempDir(), "governance.png");
    const { status } = chromium([
      `--screenshot=${shot}`,
      "--window-size=1100,2400",
      `file://${html}`,
    ]);
    expect(status).toBe(0);
    const png = readFileSync(shot);
    expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
    // a blank page compresses to a few kilobytes; the report is text and charts
    expect(statSync(shot).size).toBeGreaterThan(50_000);
    // width and height from the IHDR chunk
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1100, 2400]);
  });
});
