/**
 * Escaping user text (SKU names, owners, messages) for the formats reports are written in, so
 * no value from the data or the policies can become markup.
 *
 * @example escapeHtml("<img src=x onerror=alert(1)>") // "&lt;img src=x onerror=alert(1)&gt;"
 */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/**
 * Text that Markdown shows as written: HTML tags, table pipes, emphasis and code marks, link and
 * image brackets escaped (without `[`, no `![img](…)` nor `[x](javascript:…)` can form);
 * `@mentions` and `#123` references made inert (a character reference, so GitHub neither
 * notifies anyone nor links an issue; an e-mail address stays as it is); line breaks (CR, LF,
 * CRLF) folded.
 *
 * @example escapeMarkdown("a|b <i> @ana #1") // "a\\|b &lt;i&gt; &#64;ana &#35;1"
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/#(?=\d)/g, "&#35;")
    .replace(/(^|[^\w.+-])@/g, "$1&#64;")
    .replace(/([\\`*_|[\]])/g, "\\$1")
    .replace(/\r\n|\r|\n/g, " ");
}

/** What a renderer that reads HTML before Markdown (or a sanitizer after it) could take as markup. */
const MARKUP = /[<>&]/;

/**
 * Text for a Markdown code span: shown exactly as written (mentions and references are inert
 * inside one), except that it cannot close the span (backticks become ') or break the line. Text
 * with `<`, `>` or `&` is no code span but plain escaped Markdown (escapeMarkdown): CommonMark
 * shows a tag inside a span as text, but not every renderer a report reaches reads the span
 * first, and inside one no character reference can stand for `<`.
 *
 * @example escapeMarkdownCode("a`b") // "`a'b`"
 * @example escapeMarkdownCode("<img>") // "&lt;img&gt;"
 */
export function escapeMarkdownCode(text: string): string {
  if (MARKUP.test(text)) return escapeMarkdown(text);
  return `\`${text.replace(/`/g, "'").replace(/[\r\n]+/g, " ")}\``;
}

/**
 * A code span inside a table cell: as escapeMarkdownCode, and a pipe escaped (GitHub's tables
 * take `\\|` inside a code span as the pipe itself, not the end of the cell).
 *
 * @example escapeMarkdownCodeCell("a|b") // "`a\\|b`"
 */
export function escapeMarkdownCodeCell(text: string): string {
  if (MARKUP.test(text)) return escapeMarkdown(text);
  return escapeMarkdownCode(text.replace(/\|/g, "\\|"));
}

/**
 * A fenced Markdown code block that its text cannot close: the fence is one backtick longer than
 * the longest run of backticks inside.
 *
 * @example fencedBlock("a ``` b", "diff") // "````diff\na ``` b\n````"
 */
export function fencedBlock(text: string, language = ""): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(Math.max(3, longest + 1));
  return `${fence}${language}\n${text.replace(/\n$/, "")}\n${fence}`;
}

/** Control characters as a terminal or CI log must never receive them raw. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

/**
 * Text for a terminal or a CI log: control characters (CR, LF, NUL, ESC …) shown escaped, so a
 * value can neither start a line of its own (a `::` workflow command) nor move the cursor.
 *
 * @example escapeText("x\n::warning::") // "x\\n::warning::"
 */
export function escapeText(text: string): string {
  return text.replace(CONTROL, (c) => {
    const named: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };
    return named[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;
  });
}

/**
 * The last guard of a CI log: a line that would start a workflow command (`::` at its start,
 * after any blanks) gets a backslash before it. Every value is escaped where it is rendered, so
 * this only ever fires on a value that slipped through; annotations we mean are written by a
 * format that says so (Format.annotations) and pass unguarded.
 *
 * @example neutralizeCommands("ok\n::warning::x") // "ok\n\\::warning::x"
 */
export function neutralizeCommands(text: string): string {
  return text.replace(/^([ \t]*)::/gm, "$1\\::");
}
