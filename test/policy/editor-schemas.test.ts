/**
 * The schemas serve a real editor client: yaml-language-server (the engine of the YAML
 * extensions of VS Code and others) validates the demo policies through their
 * `# yaml-language-server: $schema=…` modelines, reading the schema files from disk.
 */
import { readFileSync, readdirSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { TextDocument } from "vscode-languageserver-textdocument";
import { describe, expect, it } from "vitest";
import { getLanguageService } from "yaml-language-server";
import type { Diagnostic } from "yaml-language-server";
import { ROOT } from "../helpers/cli.js";

function languageService(): ReturnType<typeof getLanguageService> {
  const service = getLanguageService({
    // The editor fetches schemas itself; here, from the repository's files.
    schemaRequestService: (uri) => Promise.resolve(readFileSync(fileURLToPath(uri), "utf8")),
    workspaceContext: {
      resolveRelativePath: (relative, resource) => new URL(relative, resource).toString(),
    },
  });
  service.configure({ validate: true, hover: true, completion: true, yamlVersion: "1.2" });
  return service;
}

// yaml-language-server caches parsed documents by URI and version: each edit is a new version.
let version = 0;

async function diagnose(file: string, text = readFileSync(file, "utf8")): Promise<Diagnostic[]> {
  const doc = TextDocument.create(pathToFileURL(file).toString(), "yaml", ++version, text);
  return languageService().doValidation(doc, false);
}

const policyFiles = [
  "tolerance.yaml",
  ...["segments", "checks"].flatMap((d) =>
    readdirSync(path.join(ROOT, "policies", d)).map((f) => `${d}/${f}`),
  ),
];

describe("yaml-language-server with the schemas", () => {
  it.each(policyFiles)("accepts policies/%s", async (rel) => {
    const file = path.join(ROOT, "policies", rel);
    expect(readFileSync(file, "utf8")).toMatch(/^# yaml-language-server: \$schema=/);
    expect(await diagnose(file)).toEqual([]);
  });

  it("flags a misspelt field on its line", async () => {
    const file = path.join(ROOT, "policies", "segments", "steady-core.yaml");
    const text = readFileSync(file, "utf8").replace("  fillRate: 0.97", "  fillrate: 0.97");
    const line = text.split("\n").findIndex((l) => l.startsWith("  fillrate:"));
    const diagnostics = await diagnose(file, text);
    expect(diagnostics.length).toBeGreaterThan(0);
    const onLine = diagnostics.filter((d) => d.range.start.line === line);
    expect(onLine.map((d) => d.message).join("\n")).toContain("Property fillrate is not allowed");
  });

  it("flags a value out of range", async () => {
    const file = path.join(ROOT, "policies", "segments", "trend.yaml");
    const text = readFileSync(file, "utf8").replace("  fillRate: 0.9\n", "  fillRate: 1.4\n");
    const diagnostics = await diagnose(file, text);
    expect(diagnostics.map((d) => d.message).join("\n")).toContain("exclusive maximum of 1");
  });

  it("shows a property's description on hover", async () => {
    const file = path.join(ROOT, "policies", "segments", "steady-core.yaml");
    const text = readFileSync(file, "utf8");
    const doc = TextDocument.create(pathToFileURL(file).toString(), "yaml", ++version, text);
    const line = text.split("\n").findIndex((l) => l.startsWith("priority:"));
    const hover = await languageService().doHover(doc, { line, character: 2 });
    expect(JSON.stringify(hover?.contents)).toContain("highest priority wins");
  });
});
