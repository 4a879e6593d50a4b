/** User text in reports: HTML and Markdown escaping, and the text bar of the Markdown charts. */
import { describe, expect, it } from "vitest";
import {
  escapeHtml,
  escapeMarkdown,
  escapeMarkdownCode,
  escapeMarkdownCodeCell,
} from "../../src/report/escape.js";
import { textBar } from "../../src/report/render-governance-markdown.js";
import { boundText } from "../../src/report/report-phrases.js";

describe("escaping", () => {
  it("HTML: tags, quotes and ampersands", () => {
    expect(escapeHtml(`<img src=x onerror="alert(1)">&'`)).toBe(
      "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;&#39;",
    );
  });

  it("Markdown: tags, table pipes, emphasis, code marks and line breaks", () => {
    expect(escapeMarkdown("a|b <i>*x*_y_ `z` [l]\nnext\\")).toBe(
      "a\\|b &lt;i&gt;\\*x\\*\\_y\\_ \\`z\\` \\[l\\] next\\\\",
    );
  });

  it("Markdown: images, javascript: links, mentions, issue references and a lone CR", () => {
    expect(escapeMarkdown("![t](https://evil.example/p.gif) [x](javascript:alert(1))")).toBe(
      "!\\[t\\](https://evil.example/p.gif) \\[x\\](javascript:alert(1))",
    );
    expect(escapeMarkdown("ask @cfo about #12\rnow")).toBe("ask &#64;cfo about &#35;12 now");
    expect(escapeMarkdown("@ana, org/repo#7, cfo@example.com")).toBe(
      "&#64;ana, org/repo&#35;7, cfo@example.com",
    );
  });
});

describe("text bars and bounds", () => {
  it("fills in proportion and marks the bound on the same scale", () => {
    expect(textBar(0.5, 0.8, 1, 10)).toBe("█████···│·");
    expect(textBar(1, undefined, 1, 4)).toBe("████");
    expect(textBar(0, 0, 1, 4)).toBe("│···");
  });

  it("writes a range once with its unit", () => {
    expect(boundText("coverWeeks", { min: 2, max: 8 })).toBe("2–8 weeks");
    expect(boundText("coverWeeks", { min: 1, max: 5 })).toBe("1–5 weeks");
    expect(boundText("forecastBias", { min: -0.1, max: 0.1 })).toBe("-10%–10%");
    expect(boundText("fillRate", { min: 0.95 })).toBe("≥ 95%");
    expect(boundText("capital", { max: 2500000 }, "EUR")).toBe("≤ EUR 2,500,000");
  });

  it("Markdown code spans: as written, but text with a tag or an ampersand is escaped text instead", () => {
    expect(escapeMarkdownCode("a`b\nc")).toBe("`a'b c`");
    expect(escapeMarkdownCodeCell("a|b")).toBe("`a\\|b`");
    expect(escapeMarkdownCode("KB<img src=x onerror=alert(1)>")).toBe(
      "KB&lt;img src=x onerror=alert(1)&gt;",
    );
    expect(escapeMarkdownCodeCell("a|<b>&")).toBe("a\\|&lt;b&gt;&amp;");
  });
});
