/**
 * A streaming RFC 4180 CSV parser: feed it text chunks, get back records with the physical
 * line each starts on. Handles a UTF-8 BOM, CRLF, quoted fields with commas, doubled quotes
 * and line breaks. Unquoted lines take a fast path (indexOf/split), since most rows of an
 * export have no quotes. A record is at most MAX_RECORD_CHARS long: an unterminated quote early
 * in a file would otherwise hold the rest of it in memory (a 559 MB file crashed), so past that
 * the record is a problem at the line it starts on and the rest of the file is not read. A file
 * whose lines end in CR alone is refused at once (it would read as one line). Pure: no I/O.
 *
 * @example const p = new CsvParser(); p.push('a,"b ""c"""\n', true) // [{ line: 1, fields: ["a", 'b "c"'] }]
 */

export interface CsvRecord {
  /** 1-based physical line where the record starts. */
  line: number;
  fields: string[];
}

export interface CsvSyntaxError {
  line: number;
  message: string;
}

/** The longest record read, in characters (1 MiB): past it, a quote was never closed. */
export const MAX_RECORD_CHARS = 1 << 20;

export class CsvParser {
  private rest = "";
  private line = 1;
  private started = false;
  /** A record ran past MAX_RECORD_CHARS, or the line ends are CR only: nothing more is read. */
  private abandoned = false;
  readonly errors: CsvSyntaxError[] = [];

  /** Parses what is complete so far; with `final`, also the last record without a newline. */
  push(chunk: string, final = false): CsvRecord[] {
    if (this.abandoned) return [];
    let text = this.rest + chunk;
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      if (crOnly(text))
        return this.abandon(
          1,
          "expected lines ending in LF or CRLF, found CR only: convert the file",
        );
    }
    const out: CsvRecord[] = [];
    let pos = 0;
    const n = text.length;
    // Position of the next quote at or after pos (-1: none left), found once, not once a line.
    let quote = text.indexOf('"');
    while (pos < n) {
      let end = text.indexOf("\n", pos);
      if (end === -1) {
        if (!final) break;
        end = n;
      }
      if (quote !== -1 && quote < pos) quote = text.indexOf('"', pos);
      if (quote === -1 || quote > end) {
        // Fast path: a record on one line with no quotes.
        const stop = end > pos && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
        if (stop > pos) out.push({ line: this.line, fields: text.slice(pos, stop).split(",") });
        this.line++;
        pos = end + 1;
        continue;
      }
      const parsed = this.quoted(text, pos, final);
      if (!parsed) break; // need more text
      if (parsed.fields) out.push({ line: this.line, fields: parsed.fields });
      this.line += parsed.lines;
      pos = parsed.next;
    }
    this.rest = pos < n ? text.slice(pos) : "";
    if (this.rest.length > MAX_RECORD_CHARS) {
      this.abandon(
        this.line,
        `expected a record of at most ${MAX_RECORD_CHARS} characters, found a longer one: ` +
          "a quote opened here and never closed? The rest of the file was not read",
      );
    }
    return out;
  }

  /** True once the parser stopped reading (a record too long, CR-only lines): the file is refused. */
  get gaveUp(): boolean {
    return this.abandoned;
  }

  private abandon(line: number, message: string): CsvRecord[] {
    this.errors.push({ line, message });
    this.abandoned = true;
    this.rest = "";
    return [];
  }

  /**
   * A quoted field's content from just after its opening quote (doubled quotes unescaped), with
   * where it ends and the lines the record has spanned so far; `end` when the file ends inside
   * it; undefined when the text runs out before `final`.
   */
  private quotedField(
    text: string,
    from: number,
    final: boolean,
    linesBefore: number,
  ):
    | { field: string; i: number; lines: number }
    | { end: { lines: number; next: number } }
    | undefined {
    const n = text.length;
    const opened = this.line + linesBefore - 1;
    let lines = linesBefore;
    let field = "";
    let i = from;
    for (;;) {
      const q = text.indexOf('"', i);
      if (q === -1) {
        if (!final) return undefined;
        this.errors.push({
          line: opened,
          message: "expected a closing quote, found the end of the file",
        });
        return { end: { lines: lines + countNewlines(text, i, n), next: n } };
      }
      const piece = text.slice(i, q);
      lines += countNewlines(piece, 0, piece.length);
      field += piece;
      if (q + 1 < n && text.charCodeAt(q + 1) === 34) {
        field += '"';
        i = q + 2;
        continue;
      }
      if (q + 1 >= n && !final) return undefined;
      return { field, i: q + 1, lines };
    }
  }

  /** Parses one record that contains quotes; undefined when it runs past the text before `final`. */
  private quoted(
    text: string,
    start: number,
    final: boolean,
  ): { fields?: string[]; lines: number; next: number } | undefined {
    const fields: string[] = [];
    let field = "";
    let i = start;
    let lines = 1;
    const n = text.length;
    for (;;) {
      if (i < n && text.charCodeAt(i) === 34) {
        // quoted field
        const read = this.quotedField(text, i + 1, final, lines);
        if (!read) return undefined;
        if ("end" in read) return read.end;
        field += read.field;
        ({ i, lines } = read);
        // after the closing quote: a comma, the end of the record, or a stray character
        const c = i < n ? text.charCodeAt(i) : -1;
        if (c !== 44 && c !== 10 && c !== 13 && c !== -1) {
          const nl = text.indexOf("\n", i);
          const closedOn = this.line + lines - 1;
          const where =
            closedOn === this.line
              ? ""
              : ` (the quote opened on this line closes on line ${closedOn}: a missing closing quote?)`;
          this.errors.push({
            line: this.line,
            message: `expected a comma or the end of the line after a closing quote, found "${text[i] ?? ""}"${where}`,
          });
          return { lines, next: nl === -1 ? n : nl + 1 };
        }
      } else {
        // unquoted field up to the next comma or end of line
        let j = i;
        while (j < n) {
          const c = text.charCodeAt(j);
          if (c === 44 || c === 10) break;
          if (c === 13 && (j + 1 >= n || text.charCodeAt(j + 1) === 10)) break;
          if (c === 34) {
            const nl = text.indexOf("\n", j);
            this.errors.push({
              line: this.line + lines - 1,
              message:
                "expected a quote only around a whole field, found one inside an unquoted field",
            });
            return { lines, next: nl === -1 ? n : nl + 1 };
          }
          j++;
        }
        if (j >= n && !final) return undefined;
        field += text.slice(i, j);
        i = j;
      }
      fields.push(field);
      field = "";
      const c = i < n ? text.charCodeAt(i) : -1;
      if (c === 44) {
        i++;
        continue;
      }
      if (c === 13) i++;
      if (i < n && text.charCodeAt(i) === 10) i++;
      else if (i >= n && !final) return undefined;
      return { fields, lines, next: i };
    }
  }
}

function countNewlines(s: string, from: number, to: number): number {
  let count = 0;
  for (let i = s.indexOf("\n", from); i !== -1 && i < to; i = s.indexOf("\n", i + 1)) count++;
  return count;
}

/** Line ends of CR alone in the first 64 KiB: a CR with no LF at all. */
function crOnly(text: string): boolean {
  const head = text.slice(0, 1 << 16);
  return head.includes("\r") && !head.includes("\n");
}
