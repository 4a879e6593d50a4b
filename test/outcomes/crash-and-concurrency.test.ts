/**
 * The SQLite store under stress: a load killed with SIGKILL midway leaves the store as it was,
 * and two loads into one file at once both finish with nothing lost or doubled.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, statSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import SQLite from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { BIN, runCli, tempDir } from "../helpers/cli.js";
import { dataset } from "../helpers/data.js";
import { dumpAt } from "../helpers/stores.js";

/** A data folder with `skus` SKUs and daily rows for days [from, to) of 2025. */
function bigDataset(skus: number, from: number, to: number): string {
  const dir = path.join(tempDir(), "big");
  mkdirSync(dir);
  writeFileSync(
    path.join(dir, "skus.csv"),
    `sku,unit_cost,lead_time_days\n${Array.from({ length: skus }, (_, i) => `S${i},2.5,14`).join("\n")}\n`,
  );
  const lines = ["date,sku,units_sold,on_hand,stockout"];
  for (let d = from; d < to; d++) {
    const date = new Date(Date.UTC(2025, 0, 1) + d * 86_400_000).toISOString().slice(0, 10);
    for (let i = 0; i < skus; i++)
      lines.push(
        `${date},S${i},${(i * 7 + d) % 13},${(i * 3 + d) % 50},${(i + d) % 17 === 0 ? 1 : 0}`,
      );
  }
  writeFileSync(path.join(dir, "daily.csv"), `${lines.join("\n")}\n`);
  return dir;
}

function runAsync(args: string[]): {
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
  kill: () => void;
} {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  return {
    done: new Promise((resolve) =>
      child.on("exit", (code, signal) => resolve({ code, signal, stderr })),
    ),
    kill: () => child.kill("SIGKILL"),
  };
}

describe("SQLite store under stress", () => {
  it("a load killed with SIGKILL midway leaves the store as it was", async () => {
    const db = path.join(tempDir(), "outcomes.db");
    expect(runCli(["ingest", dataset(), "--db", db]).code).toBe(0);
    const before = await dumpAt(db);
    const big = bigDataset(1500, 0, 365);
    const load = runAsync(["ingest", big, "--db", db]);
    // Wait until the load has written a good part of its transaction to the WAL, then kill it.
    const wal = `${db}-wal`;
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline && !(existsSync(wal) && statSync(wal).size > 4_000_000))
      await new Promise((r) => setTimeout(r, 10));
    load.kill();
    const { signal } = await load.done;
    expect(signal).toBe("SIGKILL");

    const raw = new SQLite(db);
    expect(raw.pragma("integrity_check", { simple: true })).toBe("ok");
    raw.close();
    expect(await dumpAt(db)).toBe(before);
  });

  it("two loads into the same file at once both finish, nothing lost or doubled", async () => {
    const db = path.join(tempDir(), "outcomes.db");
    expect(runCli(["ingest", dataset(), "--db", db]).code).toBe(0);
    const first = bigDataset(400, 0, 200);
    const second = bigDataset(400, 150, 365); // overlaps days 150–199 with the first
    const a = runAsync(["ingest", first, "--db", db]);
    const b = runAsync(["ingest", second, "--db", db]);
    const [ra, rb] = await Promise.all([a.done, b.done]);
    expect([ra.code, rb.code, ra.stderr, rb.stderr]).toEqual([0, 0, "", ""]);

    const raw = new SQLite(db, { readonly: true });
    const count = (sql: string): number => (raw.prepare(sql).get() as { n: number }).n;
    expect(count("select count(*) as n from skus")).toBe(3 + 400);
    expect(count("select count(*) as n from daily where sku like 'S%'")).toBe(400 * 365);
    expect(
      count(
        "select count(*) as n from (select sku, date from daily group by sku, date having count(*) > 1)",
      ),
    ).toBe(0);
    expect(raw.pragma("integrity_check", { simple: true })).toBe("ok");
    raw.close();
  });
});
