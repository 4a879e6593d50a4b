import { describe, expect, it } from "vitest";
import { CsvParser } from "../src/outcomes/csv-parser.js";

function parseAll(
  text: string,
  chunk = text.length || 1,
): { records: [number, string[]][]; errors: [number, string][] } {
  const p = new CsvParser();
  const records: [number, string[]][] = [];
  for (let i = 0; i < text.length; i += chunk) {
    for (const r of p.push(text.slice(i, i + chunk), false)) records.push([r.line, r.fields]);
  }
  for (const r of p.push("", true)) records.push([r.line, r.fields]);
  return { records, errors: p.errors.map((e) => [e.line, e.message]) };
}

const CASES: { name: string; text: string; records: [number, string[]][]; errors?: number[] }[] = [
  {
    name: "plain rows",
    text: "a,b\n1,2\n",
    records: [
      [1, ["a", "b"]],
      [2, ["1", "2"]],
    ],
  },
  {
    name: "no final newline",
    text: "a,b\n1,2",
    records: [
      [1, ["a", "b"]],
      [2, ["1", "2"]],
    ],
  },
  {
    name: "CRLF",
    text: "a,b\r\n1,2\r\n",
    records: [
      [1, ["a", "b"]],
      [2, ["1", "2"]],
    ],
  },
  {
    name: "BOM",
    text: "\uFEFFa,b\n1,2\n",
    records: [
      [1, ["a", "b"]],
      [2, ["1", "2"]],
    ],
  },
  {
    name: "empty fields",
    text: "a,,c\n,,\n",
    records: [
      [1, ["a", "", "c"]],
      [2, ["", "", ""]],
    ],
  },
  {
    name: "quoted comma and quotes",
    text: 'x,"Toy, ""deluxe"""\n',
    records: [[1, ["x", 'Toy, "deluxe"']]],
  },
  {
    name: "quoted line break keeps line numbers",
    text: 'a,"two\nlines"\nb,c\n',
    records: [
      [1, ["a", "two\nlines"]],
      [3, ["b", "c"]],
    ],
  },
  {
    name: "quoted CRLF",
    text: 'a,"x\r\ny"\r\nb,c\r\n',
    records: [
      [1, ["a", "x\r\ny"]],
      [3, ["b", "c"]],
    ],
  },
  {
    name: "blank lines are skipped",
    text: "a\n\nb\n",
    records: [
      [1, ["a"]],
      [3, ["b"]],
    ],
  },
  { name: "unicode", text: "名前,ü\n", records: [[1, ["名前", "ü"]]] },
  {
    name: "unterminated quote",
    text: 'a,b\n1,"oops\n2,3\n',
    records: [[1, ["a", "b"]]],
    errors: [2],
  },
  {
    name: "text after a closing quote",
    text: 'a,"b"c\n1,2\n',
    records: [[2, ["1", "2"]]],
    errors: [1],
  },
  {
    name: "quote inside an unquoted field",
    text: 'a,b"c\n1,2\n',
    records: [[2, ["1", "2"]]],
    errors: [1],
  },
];

describe("CsvParser", () => {
  it.each(CASES)("$name", ({ text, records, errors = [] }) => {
    const whole = parseAll(text);
    expect(whole.records).toEqual(records);
    expect(whole.errors.map(([line]) => line)).toEqual(errors);
    // Any chunking gives the same result.
    for (const size of [1, 2, 3, 7]) expect(parseAll(text, size)).toEqual(whole);
  });
});
