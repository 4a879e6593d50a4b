/**
 * YAML text → plain data plus the source position of every value and key. Pure: no I/O.
 * Errors are collected, never thrown. Only the core schema's tags are accepted on values: anything
 * else (`!!js/function`, `!!python/object`, local `!tags`) is reported and never resolved; a key
 * takes no tag at all. Nesting deeper than MAX_DEPTH is refused before the parser recurses.
 *
 * @example parseYaml("a.yaml", "x: 1").positions["/x"] // { file: "a.yaml", line: 1, column: 4 }
 */
import { LineCounter, isAlias, isMap, isPair, isScalar, isSeq, parseAllDocuments } from "yaml";
import type { Document, Node } from "yaml";
import type { Problem } from "../errors.js";
import type { SourcePosition } from "../types.js";

export interface ParsedYaml {
  data: unknown;
  /** JSON pointer → position of the value. */
  positions: Record<string, SourcePosition>;
  /** JSON pointer → position of the key that introduces the value. */
  keyPositions: Record<string, SourcePosition>;
  problems: Problem[];
}

/** Aliases expanded when turning a document into data; past this, it is an alias bomb. */
export const MAX_ALIAS_COUNT = 50;

/** Nesting a policy may have (a policy needs under 10); deeper is refused before parsing. */
export const MAX_DEPTH = 64;

const CORE_TAGS = new Set(
  ["map", "seq", "str", "null", "bool", "int", "float"].map((t) => `tag:yaml.org,2002:${t}`),
);

export function parseYaml(file: string, text: string): ParsedYaml {
  const lineCounter = new LineCounter();
  const at = (offset: number): SourcePosition => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };
  const result: ParsedYaml = { data: undefined, positions: {}, keyPositions: {}, problems: [] };
  const problem = (offset: number, code: Problem["code"], message: string): void => {
    result.problems.push({ ...at(offset), code, message });
  };

  const deep = tooDeepAt(text);
  if (deep !== undefined) {
    // Not parsed, so no line counter yet: the position is counted here.
    const before = text.slice(0, deep);
    const line = before.split("\n").length;
    const column = deep - before.lastIndexOf("\n");
    const message = `expected at most ${MAX_DEPTH} levels of nesting, found more`;
    result.problems.push({ file, line, column, code: "too-deep", message });
    return result;
  }
  const docs = parseAllDocuments(text, {
    lineCounter,
    prettyErrors: false,
    // Duplicate keys are found below with a set a mapping: the parser's own check compares each
    // key with every one before it (20k keys took seconds).
    uniqueKeys: false,
    schema: "core",
    strict: true,
  });
  const list = Array.isArray(docs) ? docs : [];
  if (list.length === 0 || list.every((d) => d.contents === null && d.errors.length === 0)) {
    problem(0, "empty-file", "expected a policy document, found an empty file");
    return result;
  }
  if (list.length > 1) {
    const second = list[1]?.range[0] ?? 0;
    problem(
      second,
      "multiple-documents",
      `expected one YAML document a file, found ${list.length}`,
    );
  }
  const doc = list[0] as Document.Parsed;
  // Unresolved tags are reported below from the nodes themselves, with every other non-core tag.
  for (const e of [...doc.errors, ...doc.warnings]) {
    if (e.code === "TAG_RESOLVE_FAILED") continue;
    if (e.code === "DUPLICATE_KEY")
      problem(e.pos[0], "duplicate-key", "expected unique keys in a mapping, found this key twice");
    else problem(e.pos[0], "yaml-syntax", syntaxMessage(e.message));
  }
  if (result.problems.length > 0) return result;

  const { unsafe, duplicates } = indexNodes(doc.contents, "", result, at);
  for (const offset of duplicates)
    problem(offset, "duplicate-key", "expected unique keys in a mapping, found this key twice");
  for (const { offset: valueOffset, tag } of unsafe) {
    // Point at the tag itself, which precedes its value (with at most an anchor in between).
    const bang = text.lastIndexOf("!", valueOffset);
    const offset = bang >= 0 ? bang - (text[bang - 1] === "!" ? 1 : 0) : valueOffset;
    const shown = tag.replace("tag:yaml.org,2002:", "!!");
    problem(
      offset,
      "unsafe-tag",
      `expected plain YAML values, found the tag ${shown}; tags are never resolved or executed`,
    );
  }
  if (result.problems.length > 0) return result;

  try {
    result.data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    if (e instanceof ReferenceError) {
      problem(
        doc.range[0],
        "alias-limit",
        `expected at most ${MAX_ALIAS_COUNT} alias expansions, found more (an alias bomb?)`,
      );
    } else throw e;
  }
  return result;
}

/** Records positions under JSON pointers and returns the nodes carrying a tag outside the core schema. */
function indexNodes(
  node: unknown,
  pointer: string,
  out: ParsedYaml,
  at: (offset: number) => SourcePosition,
): { unsafe: { offset: number; tag: string }[]; duplicates: number[] } {
  const unsafe: { offset: number; tag: string }[] = [];
  const duplicates: number[] = [];
  const visit = (n: unknown, ptr: string): void => {
    if (!n || typeof n !== "object") return;
    const yamlNode = n as Node;
    if (yamlNode.range) out.positions[ptr] = at(yamlNode.range[0]);
    if (isAlias(n)) return; // never expanded here: that is the alias bomb's way in
    if (yamlNode.tag && !CORE_TAGS.has(yamlNode.tag))
      unsafe.push({ offset: yamlNode.range?.[0] ?? 0, tag: yamlNode.tag });
    if (isMap(n)) {
      const seen = new Set<string>();
      for (const pair of n.items) {
        if (!isPair(pair)) continue;
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        if (seen.has(key)) duplicates.push((pair.key as Node | null)?.range?.[0] ?? 0);
        seen.add(key);
        const child = `${ptr}/${escapePointer(key)}`;
        const keyNode = pair.key as Node | null;
        if (keyNode?.range) out.keyPositions[child] = at(keyNode.range[0]);
        // A key is a plain name: `!custom severity:` or `!!binary kind:` is no key of ours.
        if (keyNode?.tag) unsafe.push({ offset: keyNode.range?.[0] ?? 0, tag: keyNode.tag });
        if (pair.value) visit(pair.value, child);
        else if (keyNode?.range) out.positions[child] = at(keyNode.range[0]);
      }
    } else if (isSeq(n)) {
      n.items.forEach((item, i) => visit(item, `${ptr}/${i}`));
    }
  };
  visit(node, pointer);
  return { unsafe, duplicates };
}

/**
 * Where the text first nests deeper than MAX_DEPTH, if it does: flow brackets outside quotes,
 * and block nesting as indentation plus the `- ` and `? ` markers that open a line. An
 * over-estimate is harmless: no policy comes near the limit.
 */
function tooDeepAt(text: string): number | undefined {
  let flow = 0;
  let quote: string | undefined;
  let lineStart = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c === "\n") {
      lineStart = i + 1;
      quote = undefined;
      continue;
    }
    if (quote) {
      if (c === quote) quote = undefined;
      continue;
    }
    if (i === lineStart && blockDepth(text, i) > MAX_DEPTH) return i;
    if (c === "#" && (i === 0 || /\s/.test(text[i - 1] as string))) {
      const end = text.indexOf("\n", i);
      if (end < 0) break;
      i = end - 1;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === "[" || c === "{") {
      if (++flow > MAX_DEPTH) return i;
    } else if ((c === "]" || c === "}") && flow > 0) flow--;
  }
  return undefined;
}

/** A line's block nesting: its indentation, and each `- ` or `? ` that opens it. */
function blockDepth(text: string, start: number): number {
  let depth = 0;
  let i = start;
  for (; i < text.length && (text[i] === " " || text[i] === "\t"); i++) depth += 0.5;
  while ((text[i] === "-" || text[i] === "?") && (text[i + 1] === " " || text[i + 1] === "\t")) {
    depth++;
    i += 2;
    while (text[i] === " ") i++;
  }
  return depth;
}

export function escapePointer(segment: string): string {
  return segment.replace(/~/g, "~0").replace(/\//g, "~1");
}

function syntaxMessage(message: string): string {
  const first = message.split("\n")[0] ?? message;
  return `expected valid YAML, found a syntax error: ${first.replace(/ at line \d+, column \d+.*$/, "")}`;
}
