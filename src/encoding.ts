/**
 * Is this text UTF-8? Input from other systems comes as Latin-1 or UTF-16 as often as not, and
 * decoding it as UTF-8 turns each foreign byte into U+FFFD without a word (two distinct Latin-1
 * SKU ids can become one). Pure: bytes in, the first byte that is not UTF-8 and what the bytes
 * look like out.
 *
 * @example notUtf8(Buffer.from([0x41, 0xe9, 0x42])) // { offset: 1, looksLike: "Latin-1 …" }
 */

export interface EncodingProblem {
  /** Offset of the first byte that is not UTF-8. */
  offset: number;
  /** What the bytes look like, for the message. */
  looksLike: string;
}

/** Length of the UTF-8 sequence starting at `i`, or 0 if none starts there. */
function sequenceAt(b: Uint8Array, i: number): number {
  const c = b[i] as number;
  if (c < 0x80) return 1;
  const len =
    c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
  if (len === 0 || i + len > b.length) return len === 0 ? 0 : -1;
  for (let k = 1; k < len; k++) if (((b[i + k] as number) & 0xc0) !== 0x80) return 0;
  const c1 = b[i + 1] as number;
  if (c === 0xe0 && c1 < 0xa0) return 0; // overlong
  if (c === 0xed && c1 > 0x9f) return 0; // surrogate
  if (c === 0xf0 && c1 < 0x90) return 0; // overlong
  if (c === 0xf4 && c1 > 0x8f) return 0; // beyond U+10FFFF
  return len;
}

/**
 * The first place `bytes` stop being UTF-8, if they do. `final` false: a sequence cut off at
 * the end is left for the next chunk (its length is returned as `pending`).
 */
export function notUtf8(
  bytes: Uint8Array,
  final = true,
): (EncodingProblem & { pending?: undefined }) | { pending: number } | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    return { offset: 0, looksLike: "UTF-16 (little-endian byte order mark FF FE)" };
  if (bytes[0] === 0xfe && bytes[1] === 0xff)
    return { offset: 0, looksLike: "UTF-16 (big-endian byte order mark FE FF)" };
  for (let i = 0; i < bytes.length;) {
    const c = bytes[i] as number;
    if (c === 0) return { offset: i, looksLike: "a NUL byte (UTF-16 text, or a binary file)" };
    const len = sequenceAt(bytes, i);
    if (len > 0) {
      i += len;
      continue;
    }
    if (len === -1 && !final) return { pending: bytes.length - i };
    const hex = c.toString(16).toUpperCase().padStart(2, "0");
    const latin1 = c >= 0xa0 ? ` (Latin-1 "${String.fromCharCode(c)}"?)` : "";
    return { offset: i, looksLike: `the byte 0x${hex}${latin1}` };
  }
  return undefined;
}

/** Line and column (1-based, in bytes) of an offset. */
export function lineAndColumn(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset; i++)
    if (bytes[i] === 0x0a) {
      line++;
      start = i + 1;
    }
  return { line, column: offset - start + 1 };
}

/** A file's bytes checked as UTF-8 chunk by chunk and decoded, the line of a bad byte named. */
export class Utf8Chunks {
  private readonly decoder = new TextDecoder("utf-8", { fatal: true });
  private lines = 1;
  private first = true;

  /** The chunk's text, or where and why it is not UTF-8 (then stop: the file is refused). */
  push(
    chunk: Uint8Array,
    final = false,
  ): string | (EncodingProblem & { line: number; column: number }) {
    const bad = this.check(chunk);
    if (bad) return bad;
    try {
      const text = this.decoder.decode(chunk, { stream: !final });
      for (let i = chunk.indexOf(0x0a); i >= 0; i = chunk.indexOf(0x0a, i + 1)) this.lines++;
      return text;
    } catch {
      // A sequence broken across the chunk's start: point at its first byte here.
      const found = notUtf8(chunk, final);
      const offset = found && found.pending === undefined ? found.offset : 0;
      return {
        offset,
        looksLike:
          found && found.pending === undefined ? found.looksLike : "a broken UTF-8 sequence",
        ...this.at(chunk, offset),
      };
    }
  }

  private check(
    chunk: Uint8Array,
  ): (EncodingProblem & { line: number; column: number }) | undefined {
    if (this.first) {
      this.first = false;
      const bom = notUtf8(chunk.subarray(0, 2));
      if (
        bom &&
        bom.pending === undefined &&
        bom.offset === 0 &&
        bom.looksLike.startsWith("UTF-16")
      )
        return { ...bom, line: 1, column: 1 };
    }
    const nul = chunk.indexOf(0);
    return nul >= 0
      ? {
          offset: nul,
          looksLike: "a NUL byte (UTF-16 text, or a binary file)",
          ...this.at(chunk, nul),
        }
      : undefined;
  }

  private at(chunk: Uint8Array, offset: number): { line: number; column: number } {
    const { line, column } = lineAndColumn(chunk, offset);
    return { line: this.lines + line - 1, column };
  }
}
