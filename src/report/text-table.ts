/**
 * A plain-text table: columns padded to their widest cell, two spaces apart; columns named in
 * `right` aligned right (numbers). Cells are escaped by the caller.
 *
 * @example textTable(["a", "n"], [["x", "10"]], [1]) // ["a   n", "x  10"]
 */
export function textTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  right: readonly number[] = [],
): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (right.includes(i) ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  return [line(header), ...rows.map(line)];
}
