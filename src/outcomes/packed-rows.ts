/**
 * Rows of store values (texts, numbers, nulls) packed for a move between threads: the numbers
 * in one Float64Array, the texts as one string and their lengths, a kind a value. Copying that
 * between threads is a few block copies (the arrays are transferred, not copied); a list of row
 * lists would be cloned value by value, which cost more than the checking it moved away.
 *
 * @example unpackRows(packRows([["A", 1.5, null]], 3)) // [["A", 1.5, null]]
 */

export interface PackedRows {
  width: number;
  count: number;
  /** A kind a value, row by row: 0 null, 1 number, 2 text. */
  kinds: Uint8Array;
  numbers: Float64Array;
  /** The texts, one after another, and each one's length. */
  texts: string;
  lengths: Uint32Array;
}

const NULL = 0;
const NUMBER = 1;
const TEXT = 2;

/** Rows of `width` values each, packed; a value that is no text, number or null is an error. */
export function packRows(rows: readonly (readonly unknown[])[], width: number): PackedRows {
  const n = rows.length * width;
  const kinds = new Uint8Array(n);
  const numbers = new Float64Array(n);
  const lengths = new Uint32Array(n);
  const texts: string[] = [];
  let nums = 0;
  let at = 0;
  for (const row of rows)
    for (let i = 0; i < width; i++, at++) {
      const v = row[i];
      if (v === null || v === undefined) kinds[at] = NULL;
      else if (typeof v === "number") {
        kinds[at] = NUMBER;
        numbers[nums++] = v;
      } else if (typeof v === "string") {
        kinds[at] = TEXT;
        lengths[texts.length] = v.length;
        texts.push(v);
      } else throw new TypeError(`a store value must be a text, a number or null, not ${typeof v}`);
    }
  return {
    width,
    count: rows.length,
    kinds,
    numbers: numbers.slice(0, nums),
    texts: texts.join(""),
    lengths: lengths.slice(0, texts.length),
  };
}

/** The buffers of packed rows, to transfer rather than copy. */
export function packedBuffers(p: PackedRows): ArrayBuffer[] {
  return [p.kinds.buffer, p.numbers.buffer, p.lengths.buffer] as ArrayBuffer[];
}

/** The rows again, in order. */
export function unpackRows(p: PackedRows): unknown[][] {
  const rows: unknown[][] = new Array<unknown[]>(p.count);
  let at = 0;
  let nums = 0;
  let text = 0;
  let offset = 0;
  for (let r = 0; r < p.count; r++) {
    const row = new Array<unknown>(p.width);
    for (let i = 0; i < p.width; i++, at++) {
      const kind = p.kinds[at];
      if (kind === NUMBER) row[i] = p.numbers[nums++];
      else if (kind === TEXT) {
        const length = p.lengths[text++] as number;
        row[i] = p.texts.slice(offset, offset + length);
        offset += length;
      } else row[i] = null;
    }
    rows[r] = row;
  }
  return rows;
}
