/**
 * One CSV line from values, quoted per RFC 4180 where needed; null and undefined are empty.
 *
 * @example csvLine(["a", 'Toy, "big"', 3, null]) // 'a,"Toy, ""big""",3,\n'
 */
export function csvLine(values: readonly (string | number | null | undefined)[]): string {
  let line = "";
  for (let i = 0; i < values.length; i++) {
    if (i > 0) line += ",";
    const v = values[i];
    if (v === null || v === undefined) continue;
    const s = typeof v === "string" ? v : String(v);
    line += /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  }
  return `${line}\n`;
}
