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
 * Text that Markdown shows as written: HTML tags, table pipes, emphasis and code marks escaped,
 * line breaks folded.
 *
 * @example escapeMarkdown("a|b <i>") // "a\\|b &lt;i&gt;"
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/([\\`*_|[\]])/g, "\\$1")
    .replace(/\r?\n/g, " ");
}
