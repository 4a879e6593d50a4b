/**
 * A horizontal bar chart as inline SVG (no script, no fonts to fetch): one bar a row, its 95%
 * interval as a whisker, its bound as a dashed tick, bars beyond their bound in red. Text is
 * escaped; coordinates are rounded to 0.1 so the same data gives the same bytes.
 */
import { escapeHtml as html } from "./escape.js";

export interface BarRow {
  label: string;
  value: number | null;
  interval?: readonly [number, number] | null;
  bound?: number | undefined;
  /** Shown beyond its bound (red). */
  breach?: boolean;
  /** The value as written beside the bar. */
  text: string;
}

const LABEL = 150;
const PLOT = 330;
const ROW = 26;
const VALUE = 280;

const f = (x: number): string => (Math.round(x * 10) / 10).toString();

/**
 * @param tick how the value axis labels its ticks (0, half the scale, the scale); without it
 * the chart has no value axis.
 */
export function svgBarChart(
  title: string,
  rows: readonly BarRow[],
  tick?: (value: number) => string,
): string {
  const scale = Math.max(
    1e-9,
    ...rows.map((r) => Math.max(r.value ?? 0, r.interval?.[1] ?? 0, r.bound ?? 0)),
  );
  const x = (v: number): number => LABEL + (Math.max(0, v) / scale) * PLOT;
  const plotBottom = 30 + rows.length * ROW;
  const height = plotBottom + (tick ? 26 : 8);
  const width = LABEL + PLOT + VALUE;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" ` +
      `role="img" aria-label="${html(title)}">`,
    `<title>${html(title)}</title>`,
    `<text x="0" y="16" class="chart-title">${html(title)}</text>`,
  ];
  rows.forEach((r, i) => {
    const y = 30 + i * ROW;
    const mid = y + ROW / 2 - 2;
    parts.push(
      `<text x="${LABEL - 8}" y="${f(mid + 4)}" text-anchor="end" class="chart-label">${html(r.label)}</text>`,
    );
    if (r.value !== null)
      parts.push(
        `<rect x="${LABEL}" y="${f(y + 3)}" width="${f(x(r.value) - LABEL)}" height="${ROW - 10}" class="` +
          `${r.breach ? "bar breach" : "bar"}"/>`,
      );
    if (r.interval)
      parts.push(
        `<path d="M${f(x(r.interval[0]))} ${f(mid)}H${f(x(r.interval[1]))}M${f(x(r.interval[0]))} ${f(mid - 4)}V` +
          `${f(mid + 4)}M${f(x(r.interval[1]))} ` +
          `${f(mid - 4)}V${f(mid + 4)}" class="whisker"/>`,
      );
    if (r.bound !== undefined)
      parts.push(`<path d="M${f(x(r.bound))} ${f(y)}V${f(y + ROW - 4)}" class="bound"/>`);
    parts.push(
      `<text x="${LABEL + PLOT + 8}" y="${f(mid + 4)}" class="chart-value">${html(r.text)}</text>`,
    );
  });
  if (tick) {
    parts.push(`<path d="M${LABEL} 30V${plotBottom}H${LABEL + PLOT}" class="axis"/>`);
    for (const v of [0, scale / 2, scale])
      parts.push(
        `<path d="M${f(x(v))} ${plotBottom}V${plotBottom + 4}" class="axis"/>`,
        `<text x="${f(x(v))}" y="${plotBottom + 16}" text-anchor="middle" class="chart-tick">${html(tick(v))}</text>`,
      );
  }
  parts.push("</svg>");
  return parts.join("");
}
