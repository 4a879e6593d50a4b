/**
 * What the report's SVG charts share: coordinates rounded to 0.1 (the same data, the same
 * bytes), and the frame — the svg element with its title, the two axes, and the value axis's
 * three ticks (0, half, top) labelled. Text escaped.
 */
import { escapeHtml as html } from "./escape.js";

export const coord = (x: number): string => (Math.round(x * 10) / 10).toString();

export interface Frame {
  width: number;
  height: number;
  left: number;
  top: number;
  plotWidth: number;
  plotHeight: number;
}

/** The opening parts of a chart: svg element, title, axes, and the value ticks by `y`. */
export function svgFrame(
  title: string,
  frame: Frame,
  top: number,
  y: (v: number) => number,
  tick: (v: number) => string,
): string[] {
  const { width: w, height: h, left, top: t, plotWidth, plotHeight } = frame;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" role="img" ` +
      `aria-label="${html(title)}"><title>${html(title)}</title>`,
    `<text x="0" y="14" class="chart-title">${html(title)}</text>`,
    `<path d="M${left} ${t}V${t + plotHeight}H${left + plotWidth}" class="axis"/>`,
  ];
  for (const v of [0, top / 2, top])
    parts.push(
      `<path d="M${left - 4} ${coord(y(v))}H${left}" class="axis"/>`,
      `<text x="${left - 7}" y="${coord(y(v) + 4)}" text-anchor="end" class="chart-tick">` +
        `${html(tick(v))}</text>`,
    );
  return parts;
}
