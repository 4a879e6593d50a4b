import type { SourcePosition } from "../types.js";

/**
 * The position of the value at a JSON pointer, or of its nearest ancestor that has one.
 *
 * @example locate(positions, "/targets/fillRate", "a.yaml") // { file: "a.yaml", line: 12, column: 13 }
 */
export function locate(
  positions: Readonly<Record<string, SourcePosition>>,
  pointer: string,
  file: string,
): SourcePosition {
  for (let p = pointer; ; p = p.slice(0, p.lastIndexOf("/"))) {
    const found = positions[p];
    if (found) return found;
    if (p === "") return { file, line: 1, column: 1 };
  }
}

/** "/targets/cover/maxWeeks" → "targets.cover.maxWeeks"; "" → "the document". */
export function pointerToPath(pointer: string): string {
  if (pointer === "") return "the document";
  return pointer
    .slice(1)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((s, i) => (/^\d+$/.test(s) ? `[${s}]` : i === 0 ? s : `.${s}`))
    .join("");
}
