import type { SourcePosition } from "../types.js";

/**
 * Where in a policy file a finding points: the first of the JSON pointers that has a position,
 * else the top of the file.
 *
 * @example sourceOf(segment, "/targets/fillRate") // { file: "policies/segments/trend.yaml", line: 27, column: 13 }
 */
export function sourceOf(
  policy: { file: string; positions: Readonly<Record<string, SourcePosition>> },
  ...pointers: string[]
): SourcePosition {
  for (const p of pointers) {
    const at = policy.positions[p];
    if (at) return at;
  }
  return { file: policy.file, line: 1, column: 1 };
}
