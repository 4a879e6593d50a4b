/** A problem with a row of a CSV file: `FILE:LINE: COLUMN: expected …, found …`. */
export interface RowProblem {
  file: string;
  line: number;
  /** The column's name, or "row" / "header" / "file" for problems with the whole line. */
  column: string;
  message: string;
}

export function formatRowProblem(p: RowProblem): string {
  return `${p.file}:${p.line}: ${p.column}: ${p.message}`;
}
