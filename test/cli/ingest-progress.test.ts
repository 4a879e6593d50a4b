/** Progress goes to stderr only when it is a terminal, and never into the results. */
import { mkdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import type { Io } from "../../src/cli/io.js";
import { tempDir } from "../helpers/cli.js";

function bigFolder(): string {
  const dir = path.join(tempDir(), "data");
  mkdirSync(dir);
  writeFileSync(
    path.join(dir, "skus.csv"),
    `sku,unit_cost,lead_time_days\n${Array.from({ length: 300 }, (_, i) => `S${i},1,7`).join("\n")}\n`,
  );
  const lines = ["date,sku,units_sold"];
  for (let d = 1; d <= 365; d++) {
    const date = new Date(Date.UTC(2025, 0, d)).toISOString().slice(0, 10);
    for (let i = 0; i < 300; i++) lines.push(`${date},S${i},${(i + d) % 5}`);
  }
  writeFileSync(path.join(dir, "daily.csv"), `${lines.join("\n")}\n`);
  return dir;
}

async function run(
  args: string[],
  tty: boolean,
): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const io: Io = {
    cwd: tempDir(),
    env: {},
    now: new Date("2026-11-26T12:00:00Z"),
    stdout: (s) => (out += s),
    stderr: (s) => (err += s),
    stderrIsTTY: tty,
  };
  const code = await main(args, io);
  return { code, out, err };
}

describe("ingest progress", () => {
  const data = bigFolder();

  it("is shown on a terminal and erased at the end", async () => {
    const r = await run(["ingest", data, "--db", path.join(tempDir(), "a.db")], true);
    expect(r.code).toBe(0);
    expect(r.err).toContain("\rdaily.csv: 100,000 rows…");
    expect(r.err.endsWith("\r\x1b[K")).toBe(true);
    expect(r.out).toContain("daily.csv: 109500 rows — 109500 inserted");
  });

  it("is not shown when stderr is a file or a pipe", async () => {
    const r = await run(["ingest", data, "--db", path.join(tempDir(), "b.db")], false);
    expect(r.code).toBe(0);
    expect(r.err).toBe("");
  });
});
