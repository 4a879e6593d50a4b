/**
 * A segment's capital–service frontier as inline SVG: replayed fill rate across, replayed capital
 * up, one dot a fill-rate target joined in order; today's target ringed, the allocation's
 * proposal filled dark. Text escaped; coordinates rounded to 0.1 so the same data gives the same
 * bytes.
 */
import { escapeHtml as html } from "./escape.js";
import { coord, svgFrame } from "./svg-frame.js";

export interface FrontierDot {
  fill: number;
  capital: number;
  today: boolean;
  proposed: boolean;
}

const W = 300;
const H = 170;
const LEFT = 78;
const TOP = 24;
const PLOT_W = W - LEFT - 14;
const PLOT_H = H - TOP - 34;

const f = coord;

export function svgFrontierChart(
  title: string,
  dots: readonly FrontierDot[],
  ticks: { capital: (v: number) => string; fill: (v: number) => string },
): string {
  const fills = dots.map((d) => d.fill);
  const lo = Math.min(...fills, 1);
  const hi = Math.max(...fills, lo + 1e-6);
  const top = Math.max(1e-9, ...dots.map((d) => d.capital));
  const x = (v: number): number => LEFT + ((v - lo) / (hi - lo || 1)) * PLOT_W;
  const y = (v: number): number => TOP + PLOT_H - (v / top) * PLOT_H;
  const frame = {
    width: W,
    height: H,
    left: LEFT,
    top: TOP,
    plotWidth: PLOT_W,
    plotHeight: PLOT_H,
  };
  const parts = svgFrame(title, frame, top, y, ticks.capital);
  for (const v of [lo, hi])
    parts.push(
      `<text x="${f(x(v))}" y="${TOP + PLOT_H + 16}" text-anchor="middle" class="chart-tick">` +
        `${html(ticks.fill(v))}</text>`,
    );
  parts.push(
    `<text x="${LEFT + PLOT_W / 2}" y="${H - 2}" text-anchor="middle" class="chart-tick">replayed fill rate</text>`,
  );
  const path = dots.map((d, i) => `${i === 0 ? "M" : "L"}${f(x(d.fill))} ${f(y(d.capital))}`);
  if (dots.length > 1) parts.push(`<path d="${path.join("")}" class="line"/>`);
  for (const d of dots) {
    parts.push(`<circle cx="${f(x(d.fill))}" cy="${f(y(d.capital))}" r="3" class="dot"/>`);
    if (d.today)
      parts.push(`<circle cx="${f(x(d.fill))}" cy="${f(y(d.capital))}" r="6.5" class="today"/>`);
    if (d.proposed)
      parts.push(`<circle cx="${f(x(d.fill))}" cy="${f(y(d.capital))}" r="4.5" class="proposed"/>`);
  }
  parts.push("</svg>");
  return parts.join("");
}
