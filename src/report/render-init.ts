/**
 * What `init` says: the folder written, its segments, how the draft evaluated and what to do
 * before relying on it; with `explain`, the segmentation as a table a planner can argue with
 * (cell, SKUs, share of value, demand CV, the proposed fill rate and cover).
 */
import { plural } from "../findings/metric-phrases.js";
import type { DraftedSegment } from "../governance/draft-segments.js";
import { escapeText } from "./escape.js";
import { textTable } from "./text-table.js";

const percent = (v: number | null): string => (v === null ? "—" : `${(v * 100).toFixed(1)}%`);

/** A cell as a planner writes it: `A × X`, `B/C × Y/Z`, `C × any`; how others were drawn. */
export function cellLabel(s: DraftedSegment): string {
  if (!s.cell) return s.drawn === "pinned" ? "pinned by skus.csv" : "catch-all";
  const rows = s.cell.rows.join("/");
  const columns = s.cell.columns.length === 4 ? "any" : s.cell.columns.join("/");
  return `${rows} × ${columns}`;
}

/** The segmentation table, one row a segment. */
export function segmentationTable(segments: readonly DraftedSegment[]): string[] {
  const valueBy = segments[0]?.valueBy === "revenue" ? "revenue" : "units";
  return textTable(
    ["segment", "cell", "SKUs", `share of ${valueBy}`, "demand CV", "fill rate", "cover (weeks)"],
    segments.map((s) => [
      escapeText(s.name),
      cellLabel(s),
      String(s.skus),
      percent(s.valueShare),
      s.demandCv === null ? "—" : s.demandCv.toFixed(2),
      `${(s.fillRate * 100).toFixed(0)}%`,
      `${s.cover.minWeeks}–${s.cover.maxWeeks}`,
    ]),
    [2, 3, 4, 5],
  );
}

/** What init did, as `runInit` returns it. */
export interface InitSummary {
  segments: readonly DraftedSegment[];
  summary: { findings: { error: number; warning: number; info: number } };
  asOf: string;
  window: { from: string; to: string };
  passes: number;
}

export function renderInit(r: InitSummary, options: { explain: boolean; dir: string }): string {
  const { error, warning, info } = r.summary.findings;
  const lines = [
    `wrote ${escapeText(options.dir)}/: ${plural(r.segments.length, "segment")} ` +
      `drawn from the outcomes of ${r.window.from} – ${r.window.to}`,
    ...(options.explain
      ? segmentationTable(r.segments).map((l) => `  ${l}`)
      : r.segments.map((s) => `  ${escapeText(s.name)}: ${plural(s.skus, "SKU")}`)),
    `evaluated on the same data as of ${r.asOf}: ${plural(error, "error")}, ${plural(warning, "warning")}, ` +
      `${info} info (${r.passes} evaluations to fit the bounds)`,
    "Each number's comment says where it came from. Before relying on it: set each owner, the currency and " +
      "the capital limit, and tighten what today's outcomes should not be allowed to stay at.",
  ];
  return `${lines.join("\n")}\n`;
}
