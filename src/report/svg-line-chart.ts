/**
 * A small line chart as inline SVG (no script, no fonts to fetch): one value a month, on axes
 * with their ticks labelled, from zero to the largest value. For the report's month-over-month
 * trend. Text is escaped; coordinates are rounded to 0.1 so the same data gives the same bytes.
 */
import { escapeHtml as html } from "./escape.js";
import { coord, svgFrame } from "./svg-frame.js";

export interface LinePoint {
  label: string;
  value: number | null;
}

const W = 300;
const H = 150;
const LEFT = 78;
const TOP = 24;
const PLOT_W = W - LEFT - 14;
const PLOT_H = H - TOP - 30;

const f = coord;

export function svgLineChart(
  title: string,
  points: readonly LinePoint[],
  tick: (value: number) => string,
): string {
  const top = Math.max(1e-9, ...points.map((p) => p.value ?? 0));
  const x = (i: number): number =>
    LEFT + (points.length > 1 ? (i / (points.length - 1)) * PLOT_W : PLOT_W / 2);
  const y = (v: number): number => TOP + PLOT_H - (v / top) * PLOT_H;
  const frame = {
    width: W,
    height: H,
    left: LEFT,
    top: TOP,
    plotWidth: PLOT_W,
    plotHeight: PLOT_H,
  };
  const parts = svgFrame(title, frame, top, y, tick);
  points.forEach((p, i) =>
    parts.push(
      `<text x="${f(x(i))}" y="${TOP + PLOT_H + 16}" text-anchor="middle" class="chart-tick">${html(p.label)}</text>`,
    ),
  );
  const drawn = points.flatMap((p, i) => (p.value === null ? [] : [[x(i), y(p.value)] as const]));
  if (drawn.length > 1)
    parts.push(
      `<path d="${drawn.map(([px, py], i) => `${i === 0 ? "M" : "L"}${f(px)} ${f(py)}`).join("")}" class="line"/>`,
    );
  for (const [px, py] of drawn)
    parts.push(`<circle cx="${f(px)}" cy="${f(py)}" r="3" class="dot"/>`);
  parts.push("</svg>");
  return parts.join("");
}
