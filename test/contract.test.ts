import { readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import {
  REFERENCE_BEGIN,
  REFERENCE_END,
  renderContractReference,
} from "../src/report/render-contract.js";
import { ROOT } from "./helpers/cli.js";

const FILE = path.join(ROOT, "CONTRACT.md");

/** The contract with its reference section replaced by the one the code renders now. */
function current(text: string): string {
  const begin = text.indexOf(REFERENCE_BEGIN);
  const end = text.indexOf(REFERENCE_END);
  const prose = begin >= 0 ? text.slice(0, begin) : `${text.trimEnd()}\n\n`;
  const rest = end >= 0 ? text.slice(end + REFERENCE_END.length) : "\n";
  return `${prose}${renderContractReference()}${rest}`;
}

describe("CONTRACT.md", () => {
  it("holds the reference the code renders (UPDATE_CONTRACT=1 rewrites it)", () => {
    const text = readFileSync(FILE, "utf8");
    const want = current(text);
    if (process.env.UPDATE_CONTRACT === "1") writeFileSync(FILE, want);
    expect(text).toBe(want);
  });

  it("names every CSV column, metric and finding kind in its reference", () => {
    const text = readFileSync(FILE, "utf8");
    for (const word of ["`lost_units`", "`leadTimeCv`", "`segment-migration`", "`adjustedP`"])
      expect(text).toContain(word);
  });
});
